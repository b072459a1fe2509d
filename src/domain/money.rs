//! Rupiah as Indonesians write it: `Rp350.000`, and "free" for zero.

/// `Rp` and the amount with dots between thousands; `None` for a free service (the view says
/// "Gratis").
pub fn rupiah(amount: u64) -> Option<String> {
    if amount == 0 {
        return None;
    }
    let digits = amount.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 2);
    out.push_str("Rp");
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::rupiah;

    #[test]
    fn thousands_are_separated_by_dots() {
        assert_eq!(rupiah(0), None);
        assert_eq!(rupiah(500).as_deref(), Some("Rp500"));
        assert_eq!(rupiah(30_000).as_deref(), Some("Rp30.000"));
        assert_eq!(rupiah(350_000).as_deref(), Some("Rp350.000"));
        assert_eq!(rupiah(1_218_000).as_deref(), Some("Rp1.218.000"));
    }
}
