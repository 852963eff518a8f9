//! Cutting the stack of boxes into pages, and numbering them.

use super::flow::{split_row, VBox};
use super::linebreak::layout_paragraph;
use super::{CellStart, Item, Page, RowSplit};
use crate::document::{Inline, Run};
use crate::fonts::FontSet;
use crate::profile::Profile;
use crate::units::Pt;

/// Place `boxes` on pages whose text area starts at `top` and is `height` tall.
///
/// Greedy, with two refinements: when a box does not fit, the break moves back over
/// every preceding box that must keep with its successor, so the chain goes to the
/// next page together; and a row taller than a page is split between the lines of its
/// cells ([`split_row`]), starting where it stands when every cell can put something
/// there. A chain that fills a whole page breaks where it overflows: a constraint that
/// cannot be met must not lose content.
///
/// Returns the pages and where rows were split.
pub fn paginate(mut boxes: Vec<VBox>, top: Pt, height: Pt) -> (Vec<Page>, Vec<RowSplit>) {
    let mut splits = Vec::new();
    let starts = page_starts(&mut boxes, height, &mut splits);
    let mut pages = Vec::with_capacity(starts.len());
    let mut boxes = boxes.into_iter().enumerate().peekable();
    // Each page ends where the next one starts; the last one at the end.
    let ends = starts.iter().skip(1).copied().chain([usize::MAX]);
    for end in ends {
        let mut page = Page::default();
        let mut y = top;
        let mut pending_after = Pt::ZERO;
        while let Some((_, b)) = boxes.next_if(|(i, _)| *i < end) {
            y += pending_after + b.space_before;
            let (height, after) = (b.height, b.space_after);
            let (items, area) = b.contents();
            if let Some((a, pictures)) = area {
                page.signature_area = Some(a.shifted(y));
                page.signing = pictures.shifted(y);
            }
            page.items
                .extend(items.into_iter().map(|it| it.shifted(Pt::ZERO, y)));
            y += height;
            pending_after = after;
        }
        pages.push(page);
    }
    if pages.is_empty() {
        pages.push(Page::default());
    }
    (pages, splits)
}

/// Index of the first box of each page. A row split across pages becomes two boxes
/// (or more) in `boxes`, and the split is added to `splits`.
fn page_starts(boxes: &mut Vec<VBox>, height: Pt, splits: &mut Vec<RowSplit>) -> Vec<usize> {
    let mut starts = vec![0];
    let mut i = 0;
    let mut y = Pt::ZERO;
    let mut pending_after = Pt::ZERO;
    let mut page_start = 0;
    while i < boxes.len() {
        let b = &boxes[i];
        let gap = if i > page_start {
            pending_after
        } else {
            Pt::ZERO
        };
        let bottom = y + gap + b.space_before + b.height;
        if bottom <= height + Pt(0.01) {
            y = bottom;
            pending_after = b.space_after;
            i += 1;
            continue;
        }
        if b.is_row() && b.space_before + b.height > height {
            // Taller than any page: split it here if every cell can start here.
            let avail = height - (y + gap + b.space_before);
            let forced = i == page_start;
            if let Some(tail) = split_row(&mut boxes[i], avail, height, forced) {
                record_split(splits, &boxes[i], &tail);
                boxes.insert(i + 1, tail);
                continue;
            }
        }
        if i == page_start {
            // Alone on its page and still too tall: it overflows.
            y = bottom;
            pending_after = boxes[i].space_after;
            i += 1;
            continue;
        }
        // Does not fit: move back over the chain that must stay with box i.
        let mut s = i;
        while s > page_start && boxes[s - 1].keep_with_next {
            s -= 1;
        }
        if s == page_start {
            s = i;
        }
        starts.push(s);
        page_start = s;
        i = s;
        y = Pt::ZERO;
        pending_after = Pt::ZERO;
    }
    starts
}

/// Note where the second part of a row starts in each cell.
fn record_split(splits: &mut Vec<RowSplit>, head: &VBox, tail: &VBox) {
    let starts = head
        .cells
        .iter()
        .zip(&tail.cells)
        .map(|(h, t)| {
            t.first().map(|first| CellStart {
                block: first.block,
                inside: h.last().is_some_and(|last| last.block == first.block),
            })
        })
        .collect();
    match splits.last_mut() {
        Some(s) if s.block == head.block => s.parts.push(starts),
        _ => splits.push(RowSplit {
            block: head.block,
            parts: vec![starts],
        }),
    }
}

/// Put the page number centred in the top margin of every page from the profile's
/// first numbered page on.
pub fn number_pages(pages: &mut [Page], profile: &Profile, fonts: &FontSet) {
    let style = profile.style_named(&profile.page_number.style);
    let page = &profile.page;
    let top = profile.page_number.top.to_pt();
    for (i, p) in pages.iter_mut().enumerate() {
        let n = i + 1;
        if n < profile.page_number.first_numbered_page {
            continue;
        }
        let content = [Inline::Text(Run {
            text: n.to_string(),
            ..Run::default()
        })];
        let lines = layout_paragraph(
            fonts,
            &content,
            style,
            page.margin_left(),
            page.text_width(),
        );
        for line in lines {
            p.items.extend(
                line.items
                    .into_iter()
                    .map(|it: Item| it.shifted(Pt::ZERO, top)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(keep: bool) -> VBox {
        VBox {
            height: Pt(10.0),
            space_before: Pt::ZERO,
            space_after: Pt::ZERO,
            keep_with_next: keep,
            widow_keep: false,
            items: Vec::new(),
            signature_area: None,
            cells: Vec::new(),
            block: 0,
        }
    }

    #[test]
    fn keep_chain_moves_together() {
        // 9 boxes of 10 on a page of 45: the chain 3-4-5 must not split.
        let mut boxes: Vec<VBox> = (0..9).map(|_| line(false)).collect();
        boxes[2].keep_with_next = true;
        boxes[3].keep_with_next = true;
        assert_eq!(
            page_starts(&mut boxes, Pt(45.0), &mut Vec::new()),
            vec![0, 2, 6]
        );
    }

    /// A row of two cells: ten one-line blocks beside a three-line chain (the
    /// signature block), after two body lines that keep with it, on pages of 55.
    #[test]
    fn a_row_taller_than_a_page_is_split_between_blocks() {
        let row = || {
            let list: Vec<VBox> = (0..10)
                .map(|i| VBox {
                    block: i,
                    ..line(false)
                })
                .collect();
            let mut signature: Vec<VBox> = (0..3).map(|_| line(true)).collect();
            signature[2].keep_with_next = false;
            VBox {
                height: Pt(100.0),
                cells: vec![list, signature],
                block: 2,
                ..line(false)
            }
        };
        let mut boxes = vec![line(true), line(true), row()];
        let mut splits = Vec::new();
        let starts = page_starts(&mut boxes, Pt(55.0), &mut splits);
        // Page 1: the two body lines and the row's first part (three recipients
        // beside the signature, 30 tall); then five recipients a page.
        assert_eq!(starts, vec![0, 3, 4]);
        assert_eq!(boxes.len(), 5);
        let heights: Vec<f64> = boxes[2..].iter().map(|b| b.height.0).collect();
        assert_eq!(heights, vec![30.0, 50.0, 20.0]);
        assert_eq!(splits.len(), 1);
        assert_eq!(splits[0].block, 2);
        let start = |block| {
            Some(CellStart {
                block,
                inside: false,
            })
        };
        assert_eq!(
            splits[0].parts,
            vec![vec![start(3), None], vec![start(8), None]]
        );
        // With less room than the signature needs beside the body, the lines that
        // keep with it and the row go to the next page together.
        let mut boxes = vec![line(false), line(false), line(true), line(true), row()];
        boxes[4].block = 4;
        let starts = page_starts(&mut boxes, Pt(55.0), &mut Vec::new());
        assert_eq!(starts, vec![0, 2, 5, 6]);
    }

    #[test]
    fn impossible_chain_breaks_where_it_overflows() {
        let mut boxes: Vec<VBox> = (0..6).map(|_| line(true)).collect();
        assert_eq!(
            page_starts(&mut boxes, Pt(25.0), &mut Vec::new()),
            vec![0, 2, 4]
        );
    }
}
