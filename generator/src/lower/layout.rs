//! Which values are stored in a `Box`.
//!
//! Two reasons: a field or union member that leads back to its own type
//! without passing through a `Vec` or map (which already allocate) would give
//! the type an infinite size; and an enum whose largest variant is much
//! larger than the next makes every value pay for the largest
//! (`clippy::large_enum_variant`, an error under `-D warnings`). The second
//! is decided from size bounds computed here, conservatively, so that no
//! realistic layout can trip the lint.

use std::collections::{BTreeMap, BTreeSet};

use super::Lowerer;
use crate::ir::{Primitive, Type, TypeDef, TypeId};

/// The size difference between an enum's variants that clippy tolerates
/// (its `enum-variant-size-threshold` default).
const VARIANT_SIZE_THRESHOLD: u64 = 200;

/// `serde_json::Value`, which a union's `Unknown` variant holds: 32 bytes,
/// more when a dependency turns on `preserve_order`.
const UNKNOWN: Size = Size { min: 32, max: 80 };

/// Lower and upper bounds of a type's size in bytes on a 64-bit target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    /// At least this many bytes.
    pub min: u64,
    /// At most this many bytes.
    pub max: u64,
}

impl Size {
    const fn exact(n: u64) -> Size {
        Size { min: n, max: n }
    }

    /// A `Box`, a `Vec` or a map: one pointer-sized handle or three.
    const BOX: Size = Size::exact(8);
}

impl Lowerer<'_> {
    /// Boxes cycle-closing fields and members, then oversized union members.
    pub(super) fn layout(&mut self) {
        self.break_cycles();
        let mut sizes = Sizes {
            defs: &self.defs,
            memo: BTreeMap::new(),
        };
        let mut boxed_members: Vec<(usize, Vec<bool>)> = Vec::new();
        for (i, def) in self.defs.iter().enumerate() {
            if let Some(TypeDef::Union(u)) = def {
                let mut bounds: Vec<Size> = u
                    .members
                    .iter()
                    .map(|m| if m.boxed { Size::BOX } else { sizes.of(&m.ty) })
                    .collect();
                // The `Unknown(serde_json::Value)` variant every union has is a sibling too.
                bounds.push(UNKNOWN);
                let mut big = oversized(&bounds);
                big.truncate(u.members.len());
                boxed_members.push((i, big));
            }
        }
        for (i, big) in boxed_members {
            if let Some(Some(TypeDef::Union(u))) = self.defs.get_mut(i) {
                for (m, big) in u.members.iter_mut().zip(big) {
                    m.boxed |= big;
                }
            }
        }
    }

    /// Boxes every field or member whose type leads back to its own type
    /// without passing through a `Vec` or map.
    fn break_cycles(&mut self) {
        // Direct edges: type → named types it holds inline.
        let mut edges: BTreeMap<TypeId, BTreeSet<TypeId>> = BTreeMap::new();
        for (i, def) in self.defs.iter().enumerate() {
            let held: Vec<&Type> = match def {
                Some(TypeDef::Model(m)) => m.fields.iter().map(|f| &f.ty).collect(),
                Some(TypeDef::Union(u)) => u.members.iter().map(|m| &m.ty).collect(),
                _ => continue,
            };
            let e = edges.entry(TypeId(i)).or_default();
            e.extend(held.into_iter().filter_map(|t| match t {
                Type::Named(r) => Some(r.id),
                _ => None,
            }));
        }
        let reaches = |from: TypeId, to: TypeId| -> bool {
            let mut stack = vec![from];
            let mut seen = BTreeSet::new();
            while let Some(n) = stack.pop() {
                if n == to {
                    return true;
                }
                if seen.insert(n) {
                    stack.extend(edges.get(&n).into_iter().flatten().copied());
                }
            }
            false
        };
        for (i, def) in self.defs.iter_mut().enumerate() {
            let own = TypeId(i);
            match def {
                Some(TypeDef::Model(m)) => {
                    for f in &mut m.fields {
                        if let Type::Named(r) = &f.ty {
                            f.boxed = reaches(r.id, own);
                        }
                    }
                }
                Some(TypeDef::Union(u)) => {
                    for m in &mut u.members {
                        if let Type::Named(r) = &m.ty {
                            m.boxed = reaches(r.id, own);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// Size bounds of a type, for deciding what to box elsewhere (error models).
    pub(super) fn size_of(&self, ty: &Type) -> Size {
        Sizes {
            defs: &self.defs,
            memo: BTreeMap::new(),
        }
        .of(ty)
    }
}

/// Which variants of an enum with these size bounds to box: every variant
/// that may exceed every other unboxed variant by the threshold, the largest
/// first, until none may. With bounds rather than sizes this is safe: the
/// largest real variant then differs from the next by less than the threshold.
pub fn oversized(bounds: &[Size]) -> Vec<bool> {
    let mut boxed = vec![false; bounds.len()];
    loop {
        let size = |i: usize, boxed: &[bool]| if boxed[i] { Size::BOX } else { bounds[i] };
        let worst = (0..bounds.len())
            .filter(|&i| !boxed[i])
            .filter(|&i| {
                let others = (0..bounds.len())
                    .filter(|&j| j != i)
                    .map(|j| size(j, &boxed).min)
                    .max();
                others.is_some_and(|o| size(i, &boxed).max >= o + VARIANT_SIZE_THRESHOLD)
            })
            .max_by_key(|&i| bounds[i].max);
        match worst {
            Some(i) => boxed[i] = true,
            None => return boxed,
        }
    }
}

/// Size bounds of types, memoised per named type.
struct Sizes<'a> {
    defs: &'a [Option<TypeDef>],
    memo: BTreeMap<TypeId, Size>,
}

impl<'a> Sizes<'a> {
    fn of(&mut self, ty: &Type) -> Size {
        match ty {
            Type::Primitive(p) => primitive(*p),
            // Vec and BTreeMap are three words whatever they hold.
            Type::List(_) | Type::Map(_) => Size::exact(24),
            Type::Nullable(t) => {
                let s = self.of(t);
                Size {
                    min: s.min,
                    max: s.max + 8,
                }
            }
            Type::Named(r) => {
                if let Some(s) = self.memo.get(&r.id) {
                    return *s;
                }
                // A type met again while its own size is being worked out is behind a Box.
                self.memo.insert(r.id, Size::BOX);
                let s = self.named(r.id);
                self.memo.insert(r.id, s);
                s
            }
        }
    }

    fn named(&mut self, id: TypeId) -> Size {
        let defs: &'a [Option<TypeDef>] = self.defs;
        match defs.get(id.0).and_then(Option::as_ref) {
            Some(TypeDef::Model(m)) => {
                let mut total = Size::exact(0);
                for f in &m.fields {
                    let s = if f.boxed { Size::BOX } else { self.of(&f.ty) };
                    // An Option may need a tag word; padding adds at most a word per field.
                    let max = if f.presence().optional() {
                        s.max + 8
                    } else {
                        s.max
                    };
                    total = Size {
                        min: total.min + s.min,
                        max: total.max + max.next_multiple_of(8),
                    };
                }
                if m.additional_properties.is_some() {
                    total = Size {
                        min: total.min + 24,
                        max: total.max + 24,
                    };
                }
                total
            }
            Some(TypeDef::Union(u)) => {
                let bounds: Vec<Size> = u
                    .members
                    .iter()
                    .map(|m| if m.boxed { Size::BOX } else { self.of(&m.ty) })
                    .chain([UNKNOWN])
                    .collect();
                let min = bounds.iter().map(|b| b.min).max().unwrap_or(0);
                let max = bounds.iter().map(|b| b.max).max().unwrap_or(0);
                Size {
                    min,
                    max: (max + 8).next_multiple_of(8),
                }
            }
            // Open enums hold a `String` in their unknown variant, and use its niche or a tag.
            Some(TypeDef::Enum(_)) => Size { min: 24, max: 32 },
            Some(TypeDef::Alias(a)) => self.of(&a.ty),
            // Not lowered (its definition had errors, which are reported): any bound will do.
            None => Size::exact(0),
        }
    }
}

fn primitive(p: Primitive) -> Size {
    match p {
        Primitive::String | Primitive::Uri | Primitive::Email => Size::exact(24),
        Primitive::Int32 | Primitive::Float | Primitive::Date => Size::exact(4),
        Primitive::Int64 | Primitive::UInt64 | Primitive::Double | Primitive::Time => {
            Size::exact(8)
        }
        Primitive::Int128 | Primitive::Uuid | Primitive::Decimal => Size::exact(16),
        Primitive::Byte => Size::exact(24),
        Primitive::Boolean => Size::exact(1),
        // NaiveDateTime (12 bytes) and a FixedOffset (4).
        Primitive::DateTime => Size::exact(16),
        Primitive::Any => UNKNOWN,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_variant_far_larger_than_every_other_is_boxed() {
        let small = Size::exact(24);
        let big = Size { min: 300, max: 320 };
        assert_eq!(oversized(&[small, big]), [false, true]);
        assert_eq!(oversized(&[big, big]), [false, false]);
        assert_eq!(
            oversized(&[small, Size { min: 100, max: 150 }]),
            [false, false]
        );
        // Boxing the largest can leave the middle one too far above the rest.
        assert_eq!(
            oversized(&[Size::exact(1), Size::exact(300), Size::exact(700)]),
            [false, true, true]
        );
    }
}
