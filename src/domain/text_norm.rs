//! Text as search compares it: lower case, accents dropped, punctuation as spaces, and the words
//! citizens use for the same thing folded into one ("e-KTP", "KTP-el", "kartu tanda penduduk"
//! and "identity card" are all `ktp`).

/// Phrases (already normalised) and the token they stand for. Longer phrases first, so that
/// "kartu tanda penduduk elektronik" is folded before "kartu tanda penduduk".
const SYNONYMS: &[(&str, &str)] = &[
    ("kartu tanda penduduk elektronik", "ktp"),
    ("kartu tanda penduduk", "ktp"),
    ("surat keterangan catatan kepolisian", "skck"),
    ("surat izin mengemudi", "sim"),
    ("nomor pokok wajib pajak", "npwp"),
    ("nomor induk berusaha", "nib"),
    ("nomor induk kependudukan", "nik"),
    ("badan penyelenggara jaminan sosial", "bpjs"),
    ("jaminan kesehatan nasional", "jkn"),
    ("kartu identitas anak", "kia"),
    ("kartu keluarga", "kk"),
    ("driving licence", "sim"),
    ("driving license", "sim"),
    ("driver licence", "sim"),
    ("driver license", "sim"),
    ("police clearance", "skck"),
    ("police certificate", "skck"),
    ("tax id", "npwp"),
    ("tax number", "npwp"),
    ("family card", "kk"),
    ("health insurance", "bpjs"),
    ("birth certificate", "akta kelahiran"),
    ("death certificate", "akta kematian"),
    ("ktp el", "ktp"),
    ("e ktp", "ktp"),
];

/// Single words folded to their usual form.
const WORDS: &[(&str, &str)] = &[
    ("ektp", "ktp"),
    ("ktpel", "ktp"),
    ("akte", "akta"),
    ("passport", "paspor"),
    ("pasport", "paspor"),
    ("epaspor", "paspor"),
    ("epassport", "paspor"),
    ("licence", "sim"),
    ("license", "sim"),
    ("jkn", "bpjs"),
    ("kis", "bpjs"),
];

/// Lower case, accents dropped, everything but letters and digits a word break.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = fold_accent(c);
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with(' ') && !out.is_empty() {
            out.push(' ');
        }
    }
    out.trim_end().to_owned()
}

fn fold_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' | 'ā' => 'a',
        'è' | 'é' | 'ê' | 'ë' | 'ē' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' => 'i',
        'ò' | 'ó' | 'ô' | 'ö' | 'õ' | 'ō' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' => 'u',
        'ñ' => 'n',
        'ç' => 'c',
        other => other,
    }
}

/// The search tokens of a text: normalised, synonyms folded.
///
/// Works on the list of words (each phrase in turn, longest first, as the list is ordered), not
/// on the text: indexing a large catalogue tokenises every summary, and searching the text for
/// each phrase was most of that time.
pub fn tokens(text: &str) -> Vec<String> {
    let normalised = normalise(text);
    let mut words: Vec<&str> = normalised.split(' ').filter(|w| !w.is_empty()).collect();
    // Most texts hold no phrase's first word: one set look-up a word then decides it.
    static FIRST_WORDS: std::sync::OnceLock<std::collections::HashSet<&'static str>> = std::sync::OnceLock::new();
    let first_words = FIRST_WORDS.get_or_init(|| SYNONYMS.iter().filter_map(|(p, _)| p.split(' ').next()).collect());
    let phrases = if words.iter().any(|w| first_words.contains(w)) { SYNONYMS } else { &[] };
    for (phrase, token) in phrases {
        let first = phrase.split(' ').next().unwrap_or_default();
        let len = phrase.split(' ').count();
        let mut at = 0;
        while at < words.len() {
            if words[at] == first && words.len() - at >= len && words[at..at + len].iter().copied().eq(phrase.split(' ')) {
                words.splice(at..at + len, token.split(' '));
                at += token.split(' ').count();
            } else {
                at += 1;
            }
        }
    }
    words.into_iter().map(|w| WORDS.iter().find(|(from, _)| *from == w).map_or(w, |(_, to)| to).to_owned()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_case_accents_and_punctuation() {
        assert_eq!(normalise("  Perekaman KTP-el (Baru)!  "), "perekaman ktp el baru");
        assert_eq!(normalise("Café Kopi"), "cafe kopi");
        assert_eq!(normalise("SIM-A / SIM-C"), "sim a sim c");
    }

    #[test]
    fn the_many_names_of_one_document_fold_together() {
        for words in ["KTP", "e-KTP", "ektp", "KTP-el", "Kartu Tanda Penduduk", "E KTP"] {
            assert_eq!(tokens(words), ["ktp"], "{words}");
        }
        assert_eq!(tokens("Surat Izin Mengemudi A"), ["sim", "a"]);
        assert_eq!(tokens("driving licence"), ["sim"]);
        assert_eq!(tokens("Kartu Keluarga baru"), ["kk", "baru"]);
        assert_eq!(tokens("akte lahir"), ["akta", "lahir"]);
        assert_eq!(tokens("passport"), ["paspor"]);
        assert_eq!(tokens("birth certificate"), ["akta", "kelahiran"]);
        // A folded phrase can complete a shorter one listed after it.
        assert_eq!(tokens("e ktp el"), ["ktp"]);
        assert_eq!(tokens("Perekaman KTP-el untuk kartu keluarga"), ["perekaman", "ktp", "untuk", "kk"]);
    }

    #[test]
    fn empty_and_symbol_only_text_has_no_tokens() {
        assert!(tokens("").is_empty());
        assert!(tokens(" -- / ").is_empty());
    }
}
