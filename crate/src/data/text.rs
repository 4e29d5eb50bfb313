//! The text: words drawn from a vocabulary of made-up words, separated by spaces.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::{draw, Skew, Zipf};

const CONSONANTS: &[u8] = b"bdfgklmnprstvz";
const VOWELS: &[u8] = b"aeiou";
/// Every word is made of syllables: a consonant, then a vowel.
const SYLLABLES: usize = 14 * 5;

pub const MAX_WORDS: usize = 8 << 20;
pub const MAX_VOCABULARY: usize = 1 << 20;

#[derive(Clone, Copy, Debug, PartialEq, Deserialize, Serialize)]
pub struct TextSpec {
    pub seed: u64,
    pub words: usize,
    pub vocabulary: usize,
    pub word_skew: Skew,
}

/// A stretch of text: its bytes, and where each word starts (plus the end).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Text {
    pub bytes: Vec<u8>,
    pub word_starts: Vec<u32>,
}

impl Text {
    /// Word `i` of this stretch.
    pub fn word(&self, i: usize) -> &[u8] {
        &self.bytes[self.word_starts[i] as usize..self.word_starts[i + 1] as usize - 1]
    }

    pub fn word_count(&self) -> usize {
        self.word_starts.len().saturating_sub(1)
    }
}

/// The word with id `id` (0 = the most frequent): the syllables of id's base-70
/// digits, the least significant first; syllable d is consonant d / 5 and vowel d % 5.
pub fn spell(mut id: u32, into: &mut Vec<u8>) {
    loop {
        let digit = id as usize % SYLLABLES;
        into.push(CONSONANTS[digit / VOWELS.len()]);
        into.push(VOWELS[digit % VOWELS.len()]);
        id /= SYLLABLES as u32;
        if id == 0 {
            break;
        }
    }
}

impl TextSpec {
    pub fn validate(&self) -> Result<(), String> {
        if !(1..=MAX_WORDS).contains(&self.words) {
            return Err(format!("Words must be between 1 and {MAX_WORDS} (got {}).", self.words));
        }
        if !(1..=MAX_VOCABULARY).contains(&self.vocabulary) {
            return Err(format!(
                "The vocabulary must be between 1 and {MAX_VOCABULARY} words (got {}).",
                self.vocabulary
            ));
        }
        self.word_skew.validate("words")
    }

    /// Words `positions` of the text (cut at its end), each followed by a space.
    pub fn generate(&self, positions: Range<usize>) -> Text {
        let positions = positions.start.min(self.words)..positions.end.min(self.words);
        let seed = self.seed.wrapping_add(2);
        let zipf = Zipf::new(self.vocabulary, self.word_skew);
        let mut text = Text { bytes: Vec::with_capacity(positions.len() * 6), word_starts: vec![0] };
        for position in positions {
            spell(zipf.key(draw(seed, position as u64)), &mut text.bytes);
            text.bytes.push(b' ');
            text.word_starts.push(text.bytes.len() as u32);
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spelled(id: u32) -> String {
        let mut word = Vec::new();
        spell(id, &mut word);
        String::from_utf8(word).unwrap()
    }

    #[test]
    fn words_are_spelled_as_specified() {
        assert_eq!(spelled(0), "ba");
        assert_eq!(spelled(1), "be");
        assert_eq!(spelled(69), "zu");
        assert_eq!(spelled(70), "babe");
        assert_eq!(spelled(4899), "zuzu");
        assert_eq!(spelled(4900), "bababe");
    }

    #[test]
    fn every_id_has_its_own_spelling() {
        let spellings: std::collections::HashSet<String> = (0..20_000).map(spelled).collect();
        assert_eq!(spellings.len(), 20_000);
    }

    #[test]
    fn the_first_words_are_pinned_and_ranges_agree_with_the_whole() {
        let spec = TextSpec { seed: 42, words: 100, vocabulary: 1000, word_skew: Skew(1.0) };
        let whole = spec.generate(0..100);
        assert_eq!(String::from_utf8(whole.bytes[..FIRST_WORDS.len()].to_vec()).unwrap(), FIRST_WORDS);
        let part = spec.generate(40..60);
        assert_eq!(part.word_count(), 20);
        assert_eq!(
            (0..20).map(|i| part.word(i)).collect::<Vec<_>>(),
            (40..60).map(|i| whole.word(i)).collect::<Vec<_>>()
        );
    }

    // Computed independently from docs/data.md (a short Python script).
    const FIRST_WORDS: &str = "mafi no du subi di fo ";
}
