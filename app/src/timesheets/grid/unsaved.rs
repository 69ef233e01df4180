//! What the grid holds unsaved: the cells changed and not yet confirmed, and the copy this
//! device keeps of them. Lists rather than B-tree maps: a grid has a few hundred cells, and each
//! map type's code was 10–19 KB raw of the grid's module in the browser.

/// A set of cells, (row, day index), in order.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Cells(Vec<(usize, usize)>);

impl Cells {
    pub fn insert(&mut self, cell: (usize, usize)) {
        if let Err(at) = self.0.binary_search(&cell) {
            self.0.insert(at, cell);
        }
    }

    pub fn remove(&mut self, cell: (usize, usize)) {
        if let Ok(at) = self.0.binary_search(&cell) {
            self.0.remove(at);
        }
    }

    pub fn contains(&self, cell: (usize, usize)) -> bool {
        self.0.binary_search(&cell).is_ok()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.0.iter().copied()
    }
}

/// Cells kept unsaved on this device, `placement:day` to (text, note); a JSON object in
/// storage.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Kept(Vec<(String, (String, String))>);

impl Kept {
    pub fn get(&self, key: &str) -> Option<&(String, String)> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, cell)| cell)
    }

    /// Only the browser stores them.
    #[cfg(feature = "hydrate")]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// From distinct keys (each pending cell once).
impl FromIterator<(String, (String, String))> for Kept {
    fn from_iter<I: IntoIterator<Item = (String, (String, String))>>(entries: I) -> Self {
        Kept(entries.into_iter().collect())
    }
}

impl serde::Serialize for Kept {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(k, cell)| (k, cell)))
    }
}

impl<'de> serde::Deserialize<'de> for Kept {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Entries;
        impl<'de> serde::de::Visitor<'de> for Entries {
            type Value = Kept;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("cells by placement and day")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Kept, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Kept(entries))
            }
        }
        deserializer.deserialize_map(Entries)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pending_cells_are_a_set_in_row_then_day_order() {
        let mut cells = Cells::default();
        for cell in [(2, 5), (0, 9), (2, 1), (0, 9)] {
            cells.insert(cell);
        }
        assert_eq!(cells.iter().collect::<Vec<_>>(), [(0, 9), (2, 1), (2, 5)], "sorted, each once");
        assert!(cells.contains((2, 1)) && !cells.contains((1, 2)));
        cells.remove((2, 1));
        cells.remove((7, 7));
        assert_eq!(cells.iter().collect::<Vec<_>>(), [(0, 9), (2, 5)]);
        cells.remove((0, 9));
        cells.remove((2, 5));
        assert!(cells.is_empty());
    }

    #[test]
    fn kept_cells_read_back_from_the_json_object_earlier_versions_stored() {
        let stored = r#"{"12:2026-12-01":["8",""],"12:2026-12-02":["4 SL","flu"]}"#;
        let kept: Kept = serde_json::from_str(stored).unwrap();
        assert_eq!(kept.get("12:2026-12-02"), Some(&("4 SL".to_string(), "flu".to_string())));
        assert_eq!(kept.get("12:2026-12-03"), None);
        assert_eq!(serde_json::to_string(&kept).unwrap(), stored, "written back as the same object");
        assert!(serde_json::from_str::<Kept>(r#"[["12:2026-12-01",["8",""]]]"#).is_err(), "only an object reads");
    }
}
