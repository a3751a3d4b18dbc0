//! Display width for mixed English and Japanese text: Japanese characters take two terminal
//! cells, so padding and truncation count cells, never cut a double-width character, and mark a
//! cut with an ellipsis at a character boundary.

use unicode_width::UnicodeWidthChar;

/// Terminal cells `s` takes.
pub fn width(s: &str) -> usize {
    s.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// `s` cut to at most `max` cells; a cut ends with `…` (one cell), never half a wide character.
pub fn ellipsize(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// `s` fitted into exactly `cells` cells: cut with an ellipsis, or padded with spaces.
pub fn pad(s: &str, cells: usize) -> String {
    let mut out = ellipsize(s, cells);
    let w = width(&out);
    out.extend(std::iter::repeat_n(' ', cells.saturating_sub(w)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_count_two_cells_and_are_never_cut_in_half() {
        assert_eq!(width("キーストア"), 10);
        assert_eq!(width("key ストア"), 10);
        // 5 cells: two wide characters (4) and the ellipsis (1); a third would need 6.
        assert_eq!(ellipsize("カスタムキーストア", 5), "カス…");
        assert_eq!(ellipsize("カスタムキーストア", 6), "カス…");
        assert_eq!(width(&ellipsize("カスタムキーストア", 6)), 5);
        assert_eq!(ellipsize("abc", 3), "abc");
        assert_eq!(ellipsize("abcd", 3), "ab…");
        assert_eq!(ellipsize("abcd", 0), "");
        // Six cells: "クラス…" would take seven, so two characters, the ellipsis and a space.
        assert_eq!(pad("クラスター", 6), "クラ… ");
        assert_eq!(pad("クラスター", 7), "クラス…");
        assert_eq!(width(&pad("クラスター", 9)), 9);
        assert_eq!(pad("HSM", 5), "HSM  ");
    }
}
