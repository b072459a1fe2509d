//! The service directory's search: an inverted index over service names, keywords, agencies and
//! summaries in both languages, answering as the citizen types. Every word typed must match
//! (exactly, as the start of a word, or within a typo or two); the name counts most.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, OnceLock};

use loket_contract::catalogue::{Agency, Service};

use super::text_norm::tokens;

/// Where a word was found, from most to least telling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Field {
    Name,
    Keyword,
    Agency,
    Summary,
}

impl Field {
    fn weight(self) -> u32 {
        match self {
            Field::Name => 10,
            Field::Keyword => 7,
            Field::Agency => 4,
            Field::Summary => 2,
        }
    }
}

/// How a typed word met an indexed one.
#[derive(Debug, Clone, Copy)]
enum Match {
    Exact,
    Prefix,
    Typo,
}

impl Match {
    /// Percent of the field's weight.
    fn percent(self) -> u32 {
        match self {
            Match::Exact => 100,
            Match::Prefix => 70,
            Match::Typo => 50,
        }
    }
}

/// What the citizen asked for besides words.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filters {
    pub category_id: Option<String>,
    pub agency_id: Option<String>,
    pub location_id: Option<String>,
    pub health_only: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Position of the service in the slice the index was built from.
    pub service: usize,
    pub score: u32,
}

pub struct SearchIndex {
    /// Names normalised, for "starts with what was typed".
    names: Vec<String>,
    /// Each service's place in alphabetical order of names: the tie-break, as one integer. The
    /// list without a query needs only this, so it is all that is built at once.
    alphabetical: Vec<u32>,
    /// Each agency's words (a few dozen agencies): every service of the agency is found by them.
    agency_words: HashMap<String, Vec<String>>,
    /// The words: made by the first query, or ahead of it a few services at a time
    /// ([`SearchIndex::build_words_step`]). Tokenising every service is most of an index's cost,
    /// and the directory's first screen needs none of it.
    words: OnceLock<Words>,
    /// The words built so far by steps, which the first query finishes if it comes sooner.
    partial: Mutex<Option<WordsBuilder>>,
}

/// The inverted index proper.
struct Words {
    /// Every indexed word once, in byte order (so the words a prefix starts are one run).
    terms: Vec<Term>,
    /// Term numbers by word length in letters: a typo search looks only at the lengths within
    /// reach instead of the whole vocabulary.
    by_length: Vec<Vec<u32>>,
    /// Words in each name: a short name that the query covers is the more specific hit.
    name_words: Vec<u32>,
    /// Each service's keywords as folded phrases: a keyword that is exactly what was typed marks
    /// the service the catalogue means by that word ("sim" → a new SIM A).
    keyword_phrases: Vec<Vec<String>>,
}

struct Term {
    word: String,
    letters: Box<[char]>,
    /// Which letters and digits occur: one edit changes at most two bits, so a word whose set
    /// differs in more than twice the edits allowed cannot be within reach.
    letter_set: u64,
    /// (service, field), each pair once.
    postings: Vec<(u32, Field)>,
}

fn letter_set(letters: &[char]) -> u64 {
    letters.iter().fold(0, |set, &c| {
        set | match c {
            'a'..='z' => 1 << (c as u32 - 'a' as u32),
            '0'..='9' => 1 << (26 + c as u32 - '0' as u32),
            _ => 1 << (36 + (c as u32 % 28)),
        }
    })
}

/// The words of the services added so far, in service order.
#[derive(Default)]
struct WordsBuilder {
    postings: BTreeMap<String, Vec<(u32, Field)>>,
    name_words: Vec<u32>,
    keyword_phrases: Vec<Vec<String>>,
}

impl WordsBuilder {
    /// Adds up to `count` more services; true when every service is in.
    fn add(&mut self, services: &[Service], agency_words: &HashMap<String, Vec<String>>, count: usize) -> bool {
        let from = self.name_words.len();
        let to = from.saturating_add(count).min(services.len());
        for (i, s) in services.iter().enumerate().take(to).skip(from) {
            let i = i as u32;
            let postings = &mut self.postings;
            let mut add = |words: Vec<String>, field: Field| {
                for w in words {
                    let list = postings.entry(w).or_default();
                    // Services are added in order, so this service's pairs are at the end: a
                    // common word's list is thousands long and must not be searched whole.
                    if !list.iter().rev().take_while(|(s, _)| *s == i).any(|&(_, f)| f == field) {
                        list.push((i, field));
                    }
                }
            };
            self.name_words.push(tokens(&s.name.id).len().max(1) as u32);
            self.keyword_phrases.push(s.keywords.iter().map(|k| tokens(k).join(" ")).collect());
            add(tokens(&format!("{} {}", s.name.id, s.name.en)), Field::Name);
            add(tokens(&s.keywords.join(" ")), Field::Keyword);
            add(agency_words.get(s.agency_id.as_str()).cloned().unwrap_or_default(), Field::Agency);
            add(tokens(&format!("{} {}", s.summary.id, s.summary.en)), Field::Summary);
        }
        to == services.len()
    }

    fn finish(self) -> Words {
        let mut by_length: Vec<Vec<u32>> = Vec::new();
        let terms: Vec<Term> = self
            .postings
            .into_iter()
            .enumerate()
            .map(|(n, (word, postings))| {
                let letters: Box<[char]> = word.chars().collect();
                if by_length.len() <= letters.len() {
                    by_length.resize_with(letters.len() + 1, Vec::new);
                }
                by_length[letters.len()].push(n as u32);
                Term { letter_set: letter_set(&letters), letters, word, postings }
            })
            .collect();
        Words { terms, by_length, name_words: self.name_words, keyword_phrases: self.keyword_phrases }
    }
}

impl SearchIndex {
    /// The index of `services`: what the list without a query needs at once, the words on first
    /// use. Every call after must pass the same `services`.
    pub fn build(services: &[Service], agencies: &[Agency]) -> SearchIndex {
        let agency_words =
            agencies.iter().map(|a| (a.id.clone(), tokens(&format!("{} {} {}", a.short_name, a.name.id, a.name.en)))).collect();
        let names: Vec<String> = services.iter().map(|s| super::text_norm::normalise(&s.name.id)).collect();
        let mut order: Vec<u32> = (0..names.len() as u32).collect();
        order.sort_by(|&a, &b| names[a as usize].cmp(&names[b as usize]));
        let mut alphabetical = vec![0; names.len()];
        for (rank, &service) in order.iter().enumerate() {
            alphabetical[service as usize] = rank as u32;
        }
        SearchIndex { names, alphabetical, agency_words, words: OnceLock::new(), partial: Mutex::new(None) }
    }

    /// Indexes the words of up to `count` more services, so that the first query finds them
    /// ready: a caller spreads this over short tasks. True once the words are ready.
    pub fn build_words_step(&self, services: &[Service], count: usize) -> bool {
        if self.words.get().is_some() {
            return true;
        }
        let mut partial = self.partial.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let builder = partial.get_or_insert_with(WordsBuilder::default);
        if !builder.add(services, &self.agency_words, count) {
            return false;
        }
        let built = partial.take().unwrap_or_default().finish();
        drop(partial);
        let _ = self.words.set(built);
        true
    }

    /// The words, finished now if the steps have not.
    fn words(&self, services: &[Service]) -> &Words {
        self.build_words_step(services, usize::MAX);
        self.words.get().expect("the last step sets the words")
    }

    /// Services matching every typed word and the filters, best first. An empty query lists
    /// everything that passes the filters, alphabetically.
    pub fn search(&self, services: &[Service], query: &str, filters: &Filters) -> Vec<Hit> {
        let words = tokens(query);
        let passes = |i: usize| {
            let s = &services[i];
            filters.category_id.as_ref().is_none_or(|c| &s.category_id == c)
                && filters.agency_id.as_ref().is_none_or(|a| &s.agency_id == a)
                && filters.location_id.as_ref().is_none_or(|l| s.location_ids.contains(l))
                && (!filters.health_only || s.health.is_some())
        };
        let mut hits: Vec<Hit> = if words.is_empty() {
            (0..services.len()).filter(|&i| passes(i)).map(|service| Hit { service, score: 0 }).collect()
        } else {
            // For each service and typed word: the best match counts whole, matches in other
            // fields a tenth (a name that also lists the word as a keyword is the better hit).
            // A service missing any word is out. Only services the first word reached can
            // match them all, so later words add only to those.
            let index = self.words(services);
            let n = words.len();
            let mut best = vec![Best::default(); services.len() * n];
            let mut reached: Vec<u32> = Vec::new();
            for (w, word) in words.iter().enumerate() {
                index.each_match(word, |service, field, how| {
                    let at = service as usize * n;
                    if best[at].top == 0 {
                        if w > 0 {
                            return;
                        }
                        reached.push(service);
                    }
                    let score = field.weight() * how.percent();
                    let slot = &mut best[at + w];
                    slot.in_name |= field == Field::Name;
                    if score > slot.top {
                        slot.rest += slot.top / 10;
                        slot.top = score;
                    } else {
                        slot.rest += score / 10;
                    }
                });
            }
            let phrase = super::text_norm::normalise(query);
            let folded = words.join(" ");
            reached
                .into_iter()
                .map(|s| (s as usize, &best[s as usize * n..s as usize * n + n]))
                .filter(|(s, scores)| scores.iter().all(|b| b.top > 0) && passes(*s))
                .map(|(service, scores)| {
                    let named = scores.iter().filter(|b| b.in_name).count() as u32;
                    let coverage = 100 * named / index.name_words[service];
                    let starts = !phrase.is_empty() && self.names[service].starts_with(&phrase);
                    let named_keyword = index.keyword_phrases[service].contains(&folded);
                    let score = scores.iter().map(|b| b.top + b.rest).sum::<u32>()
                        + coverage
                        + if starts { 500 } else { 0 }
                        + if named_keyword { 300 } else { 0 };
                    Hit { service, score }
                })
                .collect()
        };
        hits.sort_unstable_by_key(|h| (std::cmp::Reverse(h.score), self.alphabetical[h.service]));
        hits
    }
}

impl Words {
    /// Calls `found` with every (service, field) the word reaches and how it matched.
    fn each_match(&self, word: &str, mut found: impl FnMut(u32, Field, Match)) {
        let mut report = |term: &Term, how: Match| {
            for &(s, f) in &term.postings {
                found(s, f, how);
            }
        };
        let from = self.terms.partition_point(|t| t.word.as_str() < word);
        let exact = self.terms.get(from).is_some_and(|t| t.word == word);
        if exact {
            report(&self.terms[from], Match::Exact);
        }
        let letters: Vec<char> = word.chars().collect();
        // A prefix of at least two letters: "pas" finds "paspor" as it is typed.
        let prefix_end = if letters.len() >= 2 {
            let start = from + usize::from(exact);
            let end = start + self.terms[start..].partition_point(|t| t.word.starts_with(word));
            for term in &self.terms[start..end] {
                report(term, Match::Prefix);
            }
            end
        } else {
            from
        };
        let allowed = typos_allowed(letters.len());
        if allowed == 0 {
            return;
        }
        let set = letter_set(&letters);
        let mut rows = EditRows::default();
        let lengths = letters.len().saturating_sub(allowed)..=letters.len() + allowed;
        for length in lengths {
            for &n in self.by_length.get(length).map_or(&[][..], Vec::as_slice) {
                let n = n as usize;
                // The word itself and the words it starts were reported above.
                if (from..prefix_end).contains(&n) {
                    continue;
                }
                let term = &self.terms[n];
                if (term.letter_set ^ set).count_ones() as usize > 2 * allowed {
                    continue;
                }
                if rows.distance(&letters, &term.letters, allowed) <= allowed {
                    report(term, Match::Typo);
                }
            }
        }
    }
}

/// Typos forgiven in a typed word of `letters` letters: none in a short word, where one
/// changed letter is another word.
fn typos_allowed(letters: usize) -> usize {
    match letters {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// One service's best match for one typed word.
#[derive(Debug, Clone, Copy, Default)]
struct Best {
    top: u32,
    rest: u32,
    in_name: bool,
}

/// Optimal string alignment distance (Damerau–Levenshtein without repeated edits of a
/// substring), stopping early once every path is over `limit`.
pub fn edit_distance(a: &str, b: &str, limit: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    EditRows::default().distance(&a, &b, limit)
}

/// The three rows the distance needs, kept between calls: a typo search compares one word
/// with thousands.
#[derive(Default)]
struct EditRows {
    prev2: Vec<usize>,
    prev: Vec<usize>,
    cur: Vec<usize>,
}

impl EditRows {
    fn distance(&mut self, a: &[char], b: &[char], limit: usize) -> usize {
        let EditRows { prev2, prev, cur } = self;
        prev2.clear();
        prev2.resize(b.len() + 1, 0);
        prev.clear();
        prev.extend(0..=b.len());
        cur.clear();
        cur.resize(b.len() + 1, 0);
        for i in 1..=a.len() {
            cur[0] = i;
            let mut row_min = cur[0];
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    cur[j] = cur[j].min(prev2[j - 2] + 1);
                }
                row_min = row_min.min(cur[j]);
            }
            if row_min > limit {
                return limit + 1;
            }
            std::mem::swap(prev2, prev);
            std::mem::swap(prev, cur);
        }
        prev[b.len()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reference server's demo catalogue: real words, real ranking questions.
    fn demo() -> (Vec<Service>, Vec<Agency>) {
        #[derive(serde::Deserialize)]
        struct File {
            agencies: Vec<Agency>,
            services: Vec<Service>,
        }
        let file: File = serde_json::from_str(include_str!("../../server/seed/catalogue.json")).unwrap();
        (file.services, file.agencies)
    }

    fn top(query: &str, n: usize) -> Vec<String> {
        let (services, agencies) = demo();
        let index = SearchIndex::build(&services, &agencies);
        index.search(&services, query, &Filters::default()).into_iter().take(n).map(|h| services[h.service].id.clone()).collect()
    }

    #[test]
    fn the_words_citizens_use_find_the_document() {
        assert_eq!(top("ktp", 1), ["ektp-baru"]);
        assert_eq!(top("e-KTP", 1), ["ektp-baru"]);
        assert_eq!(top("Kartu Tanda Penduduk", 1), ["ektp-baru"]);
        assert!(top("sim", 3).iter().all(|id| id.starts_with("sim-")), "{:?}", top("sim", 3));
        assert_eq!(top("skck", 1), ["skck-baru"]);
        assert_eq!(top("npwp", 1), ["npwp-orang-pribadi"]);
        assert!(top("kk", 2).contains(&"kk-baru".to_owned()), "{:?}", top("kk", 2));
        assert!(top("akta lahir", 1)[0].starts_with("akta-kelahiran"), "{:?}", top("akta lahir", 1));
        assert!(top("bpjs", 5).iter().any(|id| id.starts_with("bpjs-pendaftaran")), "{:?}", top("bpjs", 5));
        assert!(top("passport", 1)[0].contains("paspor"));
    }

    #[test]
    fn small_typos_are_forgiven() {
        assert!(top("pasport", 1)[0].contains("paspor"), "{:?}", top("pasport", 1));
        assert!(top("paspro", 1)[0].contains("paspor"), "{:?}", top("paspro", 1));
        assert!(top("kelahrian", 3).iter().any(|id| id == "akta-kelahiran"), "{:?}", top("kelahrian", 3));
    }

    #[test]
    fn english_names_work_too() {
        assert!(top("birth certificate", 1)[0].starts_with("akta-kelahiran"));
        assert!(top("driving licence", 3).iter().all(|id| id.starts_with("sim-")));
    }

    #[test]
    fn results_appear_while_typing() {
        assert!(top("pas", 5).iter().any(|id| id.contains("paspor")), "{:?}", top("pas", 5));
    }

    #[test]
    fn every_word_must_match() {
        assert!(top("paspor hilang", 1) == ["paspor-hilang"], "{:?}", top("paspor hilang", 1));
        assert!(top("zzzz qqqq", 5).is_empty());
    }

    #[test]
    fn filters_narrow_the_list() {
        let (services, agencies) = demo();
        let index = SearchIndex::build(&services, &agencies);
        let health = Filters { health_only: true, ..Filters::default() };
        let all_health = index.search(&services, "", &health);
        assert!(all_health.len() >= 12);
        assert!(all_health.iter().all(|h| services[h.service].health.is_some()));
        let poli = index.search(&services, "gigi", &health);
        assert!(!poli.is_empty() && poli.iter().all(|h| services[h.service].health.is_some()));
        let agency = Filters { agency_id: Some("disdukcapil".into()), ..Filters::default() };
        assert!(index.search(&services, "", &agency).iter().all(|h| services[h.service].agency_id == "disdukcapil"));
    }

    /// The length buckets and letter sets only skip words that cannot be within reach: what a
    /// word matches is what comparing it with the whole vocabulary finds.
    #[test]
    fn the_typo_shortcuts_miss_nothing_a_full_scan_finds() {
        let (services, agencies) = demo();
        let index = SearchIndex::build(&services, &agencies);
        let index = index.words(&services);
        let full_scan = |word: &str| {
            let allowed = typos_allowed(word.chars().count());
            let mut found: Vec<(u32, String)> = Vec::new();
            for term in &index.terms {
                let how = if term.word == word {
                    "exact"
                } else if word.chars().count() >= 2 && term.word.starts_with(word) {
                    "prefix"
                } else if allowed > 0 && edit_distance(word, &term.word, allowed) <= allowed {
                    "typo"
                } else {
                    continue;
                };
                found.extend(term.postings.iter().map(|&(s, f)| (s, format!("{f:?} {how}"))));
            }
            found.sort();
            found
        };
        for word in ["paspor", "pasport", "paspro", "kelahrian", "pendaftran", "sim", "ktp", "p", "pa", "puskesmas", "baru", "xq", "umum"] {
            let mut found: Vec<(u32, String)> = Vec::new();
            index.each_match(word, |s, f, how| {
                let how = match how {
                    Match::Exact => "exact",
                    Match::Prefix => "prefix",
                    Match::Typo => "typo",
                };
                found.push((s, format!("{f:?} {how}")));
            });
            found.sort();
            assert_eq!(found, full_scan(word), "{word}");
        }
    }

    /// The words built a few services at a time, or finished by a query that came first, find
    /// what the words built at once find.
    #[test]
    fn words_built_in_steps_are_the_words_built_at_once() {
        let (services, agencies) = demo();
        let queries = ["paspor", "pasport", "akta lahir", "bpjs", "poli gigi", "kk", "zzzz"];
        let answers =
            |index: &SearchIndex| -> Vec<Vec<Hit>> { queries.iter().map(|q| index.search(&services, q, &Filters::default())).collect() };
        let at_once = answers(&SearchIndex::build(&services, &agencies));

        let stepped = SearchIndex::build(&services, &agencies);
        let mut steps = 0;
        while !stepped.build_words_step(&services, 7) {
            steps += 1;
        }
        assert_eq!(steps, services.len().div_ceil(7) - 1);
        assert_eq!(answers(&stepped), at_once);

        let interrupted = SearchIndex::build(&services, &agencies);
        assert!(!interrupted.build_words_step(&services, 50));
        assert_eq!(answers(&interrupted), at_once, "a query finishes what the steps began");
        assert!(interrupted.build_words_step(&services, 50), "and the steps then find it done");
    }

    #[test]
    fn edit_distance_counts_swaps_as_one() {
        assert_eq!(edit_distance("paspro", "paspor", 2), 1);
        assert_eq!(edit_distance("pasport", "paspor", 2), 1);
        assert_eq!(edit_distance("ktp", "ktp", 2), 0);
        assert_eq!(edit_distance("abc", "xyzw", 1), 2);
    }
}
