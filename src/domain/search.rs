//! The service directory's search: an inverted index over service names, keywords, agencies and
//! summaries in both languages, answering as the citizen types. Every word typed must match
//! (exactly, as the start of a word, or within a typo or two); the name counts most.

use std::collections::{BTreeMap, HashMap};

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
    /// Word → (service, field), each pair once.
    postings: BTreeMap<String, Vec<(u32, Field)>>,
    /// Names normalised, for "starts with what was typed" and the alphabetical tie-break.
    names: Vec<String>,
    /// Words in each name: a short name that the query covers is the more specific hit.
    name_words: Vec<u32>,
    /// Each service's keywords as folded phrases: a keyword that is exactly what was typed marks
    /// the service the catalogue means by that word ("sim" → a new SIM A).
    keyword_phrases: Vec<Vec<String>>,
}

impl SearchIndex {
    pub fn build(services: &[Service], agencies: &[Agency]) -> SearchIndex {
        let agency_words: HashMap<&str, Vec<String>> = agencies
            .iter()
            .map(|a| (a.id.as_str(), tokens(&format!("{} {} {}", a.short_name, a.name.id, a.name.en))))
            .collect();
        let mut postings: BTreeMap<String, Vec<(u32, Field)>> = BTreeMap::new();
        let mut names = Vec::with_capacity(services.len());
        let mut name_words = Vec::with_capacity(services.len());
        let mut keyword_phrases = Vec::with_capacity(services.len());
        for (i, s) in services.iter().enumerate() {
            let i = i as u32;
            let mut add = |words: Vec<String>, field: Field| {
                for w in words {
                    let list = postings.entry(w).or_default();
                    if !list.contains(&(i, field)) {
                        list.push((i, field));
                    }
                }
            };
            name_words.push(tokens(&s.name.id).len().max(1) as u32);
            keyword_phrases.push(s.keywords.iter().map(|k| tokens(k).join(" ")).collect());
            add(tokens(&format!("{} {}", s.name.id, s.name.en)), Field::Name);
            add(tokens(&s.keywords.join(" ")), Field::Keyword);
            add(agency_words.get(s.agency_id.as_str()).cloned().unwrap_or_default(), Field::Agency);
            add(tokens(&format!("{} {}", s.summary.id, s.summary.en)), Field::Summary);
            names.push(super::text_norm::normalise(&s.name.id));
        }
        SearchIndex { postings, names, name_words, keyword_phrases }
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
            // A service missing any word is out.
            let mut best: HashMap<u32, Vec<(u32, u32, bool)>> = HashMap::new();
            for (w, word) in words.iter().enumerate() {
                for (service, field, how) in self.matches(word) {
                    let score = field.weight() * how.percent();
                    let slot = best.entry(service).or_insert_with(|| vec![(0, 0, false); words.len()]);
                    let (top, rest, in_name) = slot[w];
                    let in_name = in_name || field == Field::Name;
                    slot[w] = if score > top { (score, rest + top / 10, in_name) } else { (top, rest + score / 10, in_name) };
                }
            }
            let phrase = super::text_norm::normalise(query);
            let folded = words.join(" ");
            best.into_iter()
                .filter(|(_, scores)| scores.iter().all(|(top, _, _)| *top > 0))
                .map(|(s, scores)| {
                    let named = scores.iter().filter(|(_, _, in_name)| *in_name).count() as u32;
                    let coverage = 100 * named / self.name_words[s as usize];
                    (s as usize, scores.iter().map(|(top, rest, _)| top + rest).sum::<u32>() + coverage)
                })
                .filter(|(s, _)| passes(*s))
                .map(|(service, score)| {
                    let starts = !phrase.is_empty() && self.names[service].starts_with(&phrase);
                    let named_keyword = self.keyword_phrases[service].contains(&folded);
                    Hit { service, score: score + if starts { 500 } else { 0 } + if named_keyword { 300 } else { 0 } }
                })
                .collect()
        };
        hits.sort_by(|a, b| b.score.cmp(&a.score).then_with(|| self.names[a.service].cmp(&self.names[b.service])));
        hits
    }

    /// Every (service, field) the word reaches, with how it matched.
    fn matches<'a>(&'a self, word: &'a str) -> impl Iterator<Item = (u32, Field, Match)> + 'a {
        let exact = self.postings.get(word).into_iter().flatten().map(|&(s, f)| (s, f, Match::Exact));
        // A prefix of at least two letters: "pas" finds "paspor" as it is typed.
        let prefix = self
            .postings
            .range::<str, _>((std::ops::Bound::Excluded(word), std::ops::Bound::Unbounded))
            .take_while(move |(k, _)| word.chars().count() >= 2 && k.starts_with(word))
            .flat_map(|(_, list)| list.iter().map(|&(s, f)| (s, f, Match::Prefix)));
        let allowed = match word.chars().count() {
            0..=3 => 0,
            4..=7 => 1,
            _ => 2,
        };
        let typo = self
            .postings
            .iter()
            .filter(move |(k, _)| allowed > 0 && k.as_str() != word && !k.starts_with(word))
            .filter(move |(k, _)| k.chars().count().abs_diff(word.chars().count()) <= allowed)
            .filter(move |(k, _)| edit_distance(word, k, allowed) <= allowed)
            .flat_map(|(_, list)| list.iter().map(|&(s, f)| (s, f, Match::Typo)));
        exact.chain(prefix).chain(typo)
    }
}

/// Optimal string alignment distance (Damerau–Levenshtein without repeated edits of a
/// substring), stopping early once every path is over `limit`.
pub fn edit_distance(a: &str, b: &str, limit: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev2: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
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
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
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

    #[test]
    fn edit_distance_counts_swaps_as_one() {
        assert_eq!(edit_distance("paspro", "paspor", 2), 1);
        assert_eq!(edit_distance("pasport", "paspor", 2), 1);
        assert_eq!(edit_distance("ktp", "ktp", 2), 0);
        assert_eq!(edit_distance("abc", "xyzw", 1), 2);
    }
}
