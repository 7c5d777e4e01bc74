//! LiquidMetal scores, as Quay's `stringscore==0.1.0` computes them for conductSearch: how well
//! an abbreviation matches a name, from 0 (no match) to 1 (the whole name).
//!
//! Every character of the name gets a score: 1 where an abbreviation character matched (and
//! for the separator before a match that starts a word), 0.85 for skipped characters before a
//! match that starts a word or is upper case, 0 for other skipped characters, and after the
//! last match 0.9 when the abbreviation matched from the first character (else 0.8). Every way
//! of matching the abbreviation in order is tried and the best sum, divided by the name's
//! length, is the score. The library keeps one score array across all the ways it tries, so
//! a later way can inherit an earlier one's characters; that is reproduced here, as is
//! Python 3.12's compensated float `sum`, so that the scores are Quay's to the last bit. Quay
//! tries every way (exponentially many for repetitive names); this stops after a fixed number
//! of steps, which only names no real search produces reach.

const NO_MATCH: f64 = 0.0;
const MATCH: f64 = 1.0;
const TRAILING: f64 = 0.8;
const TRAILING_BUT_STARTED: f64 = 0.9;
const BUFFER: f64 = 0.85;
const WORD_SEPARATORS: [char; 4] = [' ', '\t', '_', '-'];
/// How many matching steps one score may take.
const STEP_BUDGET: usize = 20_000;

/// The score of `name` for the abbreviation `abbrev`.
pub fn score(name: &str, abbrev: &str) -> f64 {
    let string: Vec<char> = name.chars().collect();
    let abbrev: Vec<char> = abbrev.chars().map(lower).collect();
    if string.len() < abbrev.len() {
        return NO_MATCH;
    }
    if abbrev.is_empty() {
        return TRAILING;
    }
    let mut run = Run {
        search: string.iter().copied().map(lower).collect(),
        string,
        abbrev,
        scores: Vec::new(),
        best: 0.0,
        steps: 0,
    };
    run.scores = vec![None; run.string.len()];
    run.score_all(-1, 0);
    // No complete match leaves the best sum at 0: the score of no match.
    run.best / run.string.len() as f64
}

/// One character in lower case (the first of its lower-case form, so indexes stay aligned).
fn lower(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

struct Run {
    string: Vec<char>,
    search: Vec<char>,
    abbrev: Vec<char>,
    scores: Vec<Option<f64>>,
    best: f64,
    steps: usize,
}

impl Run {
    fn score_all(&mut self, search_index: isize, abbr_index: usize) {
        self.steps += 1;
        if self.steps > STEP_BUDGET {
            return;
        }
        if abbr_index == self.abbrev.len() {
            let started = self.search[0] == self.abbrev[0];
            let trail = if started {
                TRAILING_BUT_STARTED
            } else {
                TRAILING
            };
            let first = self.scores.iter().position(Option::is_none);
            let last = self.scores.iter().rposition(Option::is_none);
            if let (Some(begin), Some(end)) = (first, last) {
                self.fill(trail, begin as isize, end as isize + 1);
            }
            let sum = python_sum(self.scores.iter().map(|s| s.unwrap_or(0.0)));
            if sum > self.best {
                self.best = sum;
            }
            return;
        }
        let c = self.abbrev[abbr_index];
        let score_index = search_index;
        let mut search_index = search_index;
        while let Some(index) = self.find(c, search_index + 1) {
            if self.is_new_word(index) {
                if index > 0 {
                    self.scores[index - 1] = Some(MATCH);
                    self.fill(BUFFER, score_index + 1, index as isize - 1);
                }
            } else if self.string[index].is_ascii_uppercase() {
                self.fill(BUFFER, score_index + 1, index as isize);
            } else {
                self.fill(NO_MATCH, score_index + 1, index as isize);
            }
            self.scores[index] = Some(MATCH);
            search_index = index as isize;
            self.score_all(search_index, abbr_index + 1);
        }
    }

    fn find(&self, c: char, from: isize) -> Option<usize> {
        let from = from.max(0) as usize;
        self.search
            .get(from..)?
            .iter()
            .position(|&x| x == c)
            .map(|i| i + from)
    }

    /// Python's `c in WORD_SEPARATORS`, where the character before the first is `''` (which
    /// every string contains).
    fn is_new_word(&self, index: usize) -> bool {
        index == 0 || WORD_SEPARATORS.contains(&self.string[index - 1])
    }

    fn fill(&mut self, value: f64, begin: isize, end: isize) {
        if end > begin {
            for s in &mut self.scores[begin.max(0) as usize..end as usize] {
                *s = Some(value);
            }
        }
    }
}

/// Python 3.12's `sum` of floats: Neumaier's compensated summation.
fn python_sum(values: impl Iterator<Item = f64>) -> f64 {
    let (mut total, mut compensation) = (0.0_f64, 0.0_f64);
    for x in values {
        let t = total + x;
        if total.abs() >= x.abs() {
            compensation += (total - t) + x;
        } else {
            compensation += (x - t) + total;
        }
        total = t;
    }
    if compensation != 0.0 && compensation.is_finite() {
        total += compensation;
    }
    total
}

#[cfg(test)]
mod tests {
    use super::score;

    /// Scores computed by Quay's library (`stringscore==0.1.0` on Python 3.12).
    #[test]
    fn scores_are_quays_to_the_bit() {
        let cases: &[(&str, &str, f64)] = &[
            ("fxqb2tgm4urepo", "fxqb2tgm4u", 0.9714285714285714),
            ("fxqb2tgm4ubot", "fxqb2tgm4u", 0.9769230769230769),
            ("FooBar", "fb", 0.9166666666666666),
            ("foo_bar", "fb", 0.9285714285714286),
            ("foo-bar baz", "fbb", 0.9272727272727272),
            ("banana", "an", 0.7333333333333334),
            ("web", "xyz", 0.0),
            ("web", "", 0.8),
            ("a", "ab", 0.0),
            ("Quay-Builders", "qb", 0.9115384615384615),
            ("release-notes", "rn", 0.8999999999999999),
            ("aaaa", "aa", 0.95),
            ("MyRepo", "rep", 0.9166666666666666),
            ("build_tools", "tool", 0.9136363636363637),
            ("abcabcabc", "cab", 0.6888888888888889),
        ];
        for &(name, abbrev, want) in cases {
            assert_eq!(score(name, abbrev), want, "{name} / {abbrev}");
        }
    }

    #[test]
    fn repetitive_names_stay_bounded() {
        let name = "a".repeat(255);
        let s = score(&name, &"a".repeat(100));
        assert!(s > 0.0 && s <= 1.0, "{s}");
    }
}
