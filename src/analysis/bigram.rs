//! Hangul character bigrams: every run of Hangul syllables cut into overlapping pairs (a run of
//! one syllable kept whole), runs of Latin letters and digits as lowercased words. A second view
//! of the text beside the morphemes: it needs no dictionary, so words ko-dic does not know,
//! spacing (`마이 데이터`) and particles on them (`데드락이`) still meet the note's text.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// The name the bigram tokenizer is registered under in the index.
pub const BIGRAM_TOKENIZER: &str = "bigram";

/// The bigrams of `text`, in order, with their byte offsets.
pub fn bigrams(text: &str) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    let mut run: Vec<(usize, char)> = Vec::new();
    let mut word: Option<(usize, String)> = None;
    let flush_run = |run: &mut Vec<(usize, char)>, out: &mut Vec<(String, usize, usize)>| {
        match run.len() {
            0 => {}
            1 => out.push((
                run[0].1.to_string(),
                run[0].0,
                run[0].0 + run[0].1.len_utf8(),
            )),
            _ => out.extend(run.windows(2).map(|w| {
                (
                    w.iter().map(|(_, c)| c).collect(),
                    w[0].0,
                    w[1].0 + w[1].1.len_utf8(),
                )
            })),
        }
        run.clear();
    };
    let flush_word = |word: &mut Option<(usize, String)>, out: &mut Vec<(String, usize, usize)>| {
        if let Some((start, text)) = word.take() {
            let end = start + text.len();
            out.push((text, start, end));
        }
    };
    for (i, c) in text.char_indices() {
        if is_hangul(c) {
            flush_word(&mut word, &mut out);
            run.push((i, c));
        } else if c.is_ascii_alphanumeric() {
            flush_run(&mut run, &mut out);
            word.get_or_insert_with(|| (i, String::new()))
                .1
                .push(c.to_ascii_lowercase());
        } else {
            flush_run(&mut run, &mut out);
            flush_word(&mut word, &mut out);
        }
    }
    flush_run(&mut run, &mut out);
    flush_word(&mut word, &mut out);
    out
}

/// The bigram texts of `text` (what an index and a query compare).
pub fn tokens(text: &str) -> Vec<String> {
    bigrams(text).into_iter().map(|(t, _, _)| t).collect()
}

fn is_hangul(c: char) -> bool {
    ('가'..='힣').contains(&c)
}

/// [`bigrams`] as a tantivy tokenizer.
#[derive(Clone, Default)]
pub struct BigramTokenizer;

pub struct BigramTokenStream {
    tokens: Vec<Token>,
    index: usize,
}

impl Tokenizer for BigramTokenizer {
    type TokenStream<'a> = BigramTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> BigramTokenStream {
        let tokens = bigrams(text)
            .into_iter()
            .enumerate()
            .map(|(position, (text, from, to))| Token {
                offset_from: from,
                offset_to: to,
                position,
                text,
                position_length: 1,
            })
            .collect();
        BigramTokenStream { tokens, index: 0 }
    }
}

impl TokenStream for BigramTokenStream {
    fn advance(&mut self) -> bool {
        if self.index < self.tokens.len() {
            self.index += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        &self.tokens[self.index - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.index - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hangul_runs_pair_up_and_latin_words_stay_whole() {
        assert_eq!(
            tokens("마이데이터 API와 망"),
            ["마이", "이데", "데이", "이터", "api", "와", "망"]
        );
    }

    #[test]
    fn spacing_and_particles_still_share_bigrams() {
        let spaced = tokens("마이 데이터");
        let joined = tokens("마이데이터를");
        assert!(
            spaced.iter().all(|t| joined.contains(t)),
            "{spaced:?} {joined:?}"
        );
    }

    #[test]
    fn offsets_are_byte_ranges_of_the_text() {
        let text = "K8s 쿠버";
        for (token, from, to) in bigrams(text) {
            assert_eq!(text[from..to].to_lowercase(), token);
        }
    }
}
