//! Cutting the stack of boxes into pages, and numbering them.

use super::flow::VBox;
use super::linebreak::layout_paragraph;
use super::{Item, Page};
use crate::document::{Inline, Run};
use crate::profile::Profile;
use crate::units::{Mm, Pt};

/// Place `boxes` on pages whose text area starts at `top` and is `height` tall.
///
/// Greedy, with one refinement: when a box does not fit, the break moves back over
/// every preceding box that must keep with its successor, so the chain goes to the
/// next page together. A chain that fills a whole page breaks where it overflows:
/// a constraint that cannot be met must not lose content.
pub fn paginate(boxes: Vec<VBox>, top: Pt, height: Pt) -> Vec<Page> {
    let starts = page_starts(&boxes, height);
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
            if let Some(a) = b.signature_area {
                page.signature_area = Some(a.shifted(y));
            }
            page.items
                .extend(b.items.into_iter().map(|it| it.shifted(Pt::ZERO, y)));
            y += b.height;
            pending_after = b.space_after;
        }
        pages.push(page);
    }
    if pages.is_empty() {
        pages.push(Page::default());
    }
    pages
}

/// Index of the first box of each page.
fn page_starts(boxes: &[VBox], height: Pt) -> Vec<usize> {
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
        if i == page_start || bottom <= height + Pt(0.01) {
            y = bottom;
            pending_after = b.space_after;
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

/// Put the page number centred in the top margin of every page from the profile's
/// first numbered page on.
pub fn number_pages(pages: &mut [Page], profile: &Profile) {
    let style = &profile.styles[&profile.page_number.style];
    let page = &profile.page;
    let top = Mm(profile.page_number.top_mm).to_pt();
    for (i, p) in pages.iter_mut().enumerate() {
        let n = i + 1;
        if n < profile.page_number.first_numbered_page {
            continue;
        }
        let content = [Inline::Text(Run {
            text: n.to_string(),
            ..Run::default()
        })];
        let lines = layout_paragraph(&content, style, page.margin_left(), page.text_width());
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
            is_line: true,
            items: Vec::new(),
            signature_area: None,
        }
    }

    #[test]
    fn keep_chain_moves_together() {
        // 9 boxes of 10 on a page of 45: the chain 3-4-5 must not split.
        let mut boxes: Vec<VBox> = (0..9).map(|_| line(false)).collect();
        boxes[2].keep_with_next = true;
        boxes[3].keep_with_next = true;
        assert_eq!(page_starts(&boxes, Pt(45.0)), vec![0, 2, 6]);
    }

    #[test]
    fn impossible_chain_breaks_where_it_overflows() {
        let boxes: Vec<VBox> = (0..6).map(|_| line(true)).collect();
        assert_eq!(page_starts(&boxes, Pt(25.0)), vec![0, 2, 4]);
    }
}
