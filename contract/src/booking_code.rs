//! Booking codes: 9 random symbols (45 bits) and a check symbol, in Crockford's base-32
//! alphabet (no I, L, O, U: nothing to misread on a phone screen or over the counter), shown as
//! `XXXXX-XXXXX`. The check symbol (Luhn mod 32) catches every single mistyped symbol and most
//! swaps of neighbours before a request is sent.

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const RANDOM_SYMBOLS: usize = 9;

/// Builds a code from 45 random bits (the server supplies them from the OS).
pub fn from_random(bits: u64) -> String {
    let symbols: Vec<u8> = (0..RANDOM_SYMBOLS).map(|i| ((bits >> (5 * i)) & 31) as u8).collect();
    let check = luhn_check(&symbols);
    let mut code = String::with_capacity(11);
    for (i, v) in symbols.iter().chain(std::iter::once(&check)).enumerate() {
        if i == 5 {
            code.push('-');
        }
        code.push(ALPHABET[usize::from(*v)] as char);
    }
    code
}

/// Reads what a citizen typed: case, spaces and dashes do not matter, and the look-alikes
/// O→0, I/L→1 are read as Crockford intends. `None` when it is not a well-formed code.
pub fn normalise(input: &str) -> Option<String> {
    let mut values = Vec::with_capacity(RANDOM_SYMBOLS + 1);
    for c in input.chars().filter(|c| !matches!(c, ' ' | '-' | '\u{a0}')) {
        let c = match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        };
        values.push(ALPHABET.iter().position(|&a| a as char == c)? as u8);
    }
    if values.len() != RANDOM_SYMBOLS + 1 {
        return None;
    }
    let (body, check) = values.split_at(RANDOM_SYMBOLS);
    if luhn_check(body) != check[0] {
        return None;
    }
    let text: String = values.iter().map(|&v| ALPHABET[usize::from(v)] as char).collect();
    Some(format!("{}-{}", &text[..5], &text[5..]))
}

/// Luhn mod N over base-32 symbol values.
fn luhn_check(values: &[u8]) -> u8 {
    let n = 32u32;
    let mut factor = 2;
    let mut sum = 0u32;
    for &v in values.iter().rev() {
        let addend = factor * u32::from(v);
        sum += addend / n + addend % n;
        factor = if factor == 2 { 1 } else { 2 };
    }
    ((n - sum % n) % n) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_codes_are_well_formed_and_read_back() {
        for bits in [0u64, 1, 0x1F_FFFF_FFFF, 0x0ABC_DEF0_1234, u64::MAX] {
            let code = from_random(bits);
            assert_eq!(code.len(), 11);
            assert_eq!(normalise(&code).as_deref(), Some(code.as_str()));
            assert_eq!(normalise(&code.to_lowercase().replace('-', " ")).as_deref(), Some(code.as_str()));
        }
    }

    #[test]
    fn every_single_mistyped_symbol_is_caught() {
        let code = from_random(0x0123_4567_89AB);
        let compact: Vec<char> = code.replace('-', "").chars().collect();
        for pos in 0..compact.len() {
            for &a in ALPHABET.iter() {
                let a = a as char;
                if a == compact[pos] {
                    continue;
                }
                let mut typo = compact.clone();
                typo[pos] = a;
                let typo: String = typo.into_iter().collect();
                assert_eq!(normalise(&typo), None, "{typo}");
            }
        }
    }

    #[test]
    fn look_alike_letters_are_forgiven() {
        let code = from_random(0);
        assert!(code.starts_with("00000"));
        assert_eq!(normalise(&code.replace('0', "O")).as_deref(), Some(code.as_str()));
    }

    #[test]
    fn garbage_is_refused_without_panic() {
        for s in ["", "ABC", "AAAAA-AAAAA-A", "ÄÄÄÄÄ-ÄÄÄÄÄ", "UUUUU-UUUUU", "🙂"] {
            assert_eq!(normalise(s), None, "{s}");
        }
    }
}
