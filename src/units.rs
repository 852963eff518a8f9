//! Typed lengths.
//!
//! The standards speak in millimetres (margins, indents) and points (font sizes,
//! spacing); PDF speaks in points and DOCX in twentieths of a point (twips). Keeping
//! the unit in the type makes a mix-up a compile error instead of a misplaced line.

use serde::{Deserialize, Serialize};
use std::ops::{Add, AddAssign, Div, Mul, Neg, Sub, SubAssign};

/// Points per millimetre (72 pt per inch, 25.4 mm per inch).
const PT_PER_MM: f64 = 72.0 / 25.4;

/// A length in PostScript points (1/72 inch).
#[derive(Debug, Clone, Copy, Default, PartialEq, PartialOrd, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Pt(pub f64);

/// A length in millimetres.
#[derive(Debug, Clone, Copy, Default, PartialEq, PartialOrd, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Mm(pub f64);

impl Pt {
    /// No length.
    pub const ZERO: Pt = Pt(0.0);

    /// Twentieths of a point, rounded: the unit of DOCX sizes and spacing.
    pub fn to_twips(self) -> i32 {
        (self.0 * 20.0).round() as i32
    }

    /// Half-points, rounded: the unit of DOCX font sizes.
    pub fn to_half_points(self) -> usize {
        (self.0 * 2.0).round().max(0.0) as usize
    }

    /// In millimetres.
    pub fn to_mm(self) -> Mm {
        Mm(self.0 / PT_PER_MM)
    }

    /// The larger of two lengths.
    pub fn max(self, other: Pt) -> Pt {
        Pt(self.0.max(other.0))
    }

    /// The smaller of two lengths.
    pub fn min(self, other: Pt) -> Pt {
        Pt(self.0.min(other.0))
    }
}

impl Mm {
    /// In points.
    pub fn to_pt(self) -> Pt {
        Pt(self.0 * PT_PER_MM)
    }
}

impl From<Mm> for Pt {
    fn from(mm: Mm) -> Pt {
        mm.to_pt()
    }
}

impl Add for Pt {
    type Output = Pt;
    fn add(self, rhs: Pt) -> Pt {
        Pt(self.0 + rhs.0)
    }
}

impl AddAssign for Pt {
    fn add_assign(&mut self, rhs: Pt) {
        self.0 += rhs.0;
    }
}

impl Sub for Pt {
    type Output = Pt;
    fn sub(self, rhs: Pt) -> Pt {
        Pt(self.0 - rhs.0)
    }
}

impl SubAssign for Pt {
    fn sub_assign(&mut self, rhs: Pt) {
        self.0 -= rhs.0;
    }
}

impl Neg for Pt {
    type Output = Pt;
    fn neg(self) -> Pt {
        Pt(-self.0)
    }
}

impl Mul<f64> for Pt {
    type Output = Pt;
    fn mul(self, rhs: f64) -> Pt {
        Pt(self.0 * rhs)
    }
}

impl Div<f64> for Pt {
    type Output = Pt;
    fn div(self, rhs: f64) -> Pt {
        Pt(self.0 / rhs)
    }
}

impl Div<Pt> for Pt {
    type Output = f64;
    fn div(self, rhs: Pt) -> f64 {
        self.0 / rhs.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a4_width_in_points() {
        assert!((Mm(210.0).to_pt().0 - 595.2756).abs() < 1e-3);
    }

    #[test]
    fn twips_round_trip() {
        assert_eq!(Mm(30.0).to_pt().to_twips(), 1701);
        assert_eq!(Pt(13.0).to_half_points(), 26);
    }
}
