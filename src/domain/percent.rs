//! Percent-encoding of everything but RFC 3986's unreserved characters: safe in a path segment,
//! a query value and a `data:` URL alike.

pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(byte as char),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_unreserved_characters_stay() {
        assert_eq!(super::encode("a-b_c.d~E9"), "a-b_c.d~E9");
        assert_eq!(super::encode("a b/?#&é"), "a%20b%2F%3F%23%26%C3%A9");
    }
}
