//! The sandbox's virtual clock: virtual seconds since the Unix epoch that advance `speed` times
//! faster than real time, plus explicit jumps (`sandbox advance`). Tests use speed 0 and jump,
//! so nothing in them sleeps. Must not import anything else of the sandbox.

use std::time::{Instant, SystemTime, UNIX_EPOCH};

/// Default virtual seconds per real second: a 10-minute HSM creation takes about a second.
pub const DEFAULT_SPEED: f64 = 600.0;

#[derive(Debug, Clone)]
pub struct Clock {
    anchor_real: Instant,
    anchor_virtual: f64,
    speed: f64,
}

impl Clock {
    /// A clock that starts at `start` (virtual epoch seconds) and runs at `speed`.
    pub fn new(start: f64, speed: f64) -> Self {
        Self {
            anchor_real: Instant::now(),
            anchor_virtual: start,
            speed: speed.max(0.0),
        }
    }

    /// The current real time as epoch seconds, the usual start of a sandbox that is not a test.
    pub fn real_now() -> f64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs_f64())
            .unwrap_or(0.0)
    }

    pub fn now(&self) -> f64 {
        self.anchor_virtual + self.anchor_real.elapsed().as_secs_f64() * self.speed
    }

    pub fn speed(&self) -> f64 {
        self.speed
    }

    /// Jumps the clock forward; a negative jump is ignored (time never runs backwards).
    pub fn advance(&mut self, seconds: f64) {
        if seconds > 0.0 {
            self.anchor_virtual += seconds;
        }
    }

    /// Re-anchors at `virtual_now` (used when a persisted account is loaded).
    pub fn rebase(&mut self, virtual_now: f64) {
        self.anchor_real = Instant::now();
        self.anchor_virtual = virtual_now;
    }
}

/// Parses a duration such as `8d`, `36h`, `90m`, `45s` or a bare number of seconds.
pub fn parse_duration(text: &str) -> Result<f64, String> {
    let text = text.trim();
    let (number, unit) = match text.char_indices().find(|(_, c)| c.is_ascii_alphabetic()) {
        Some((i, _)) => (&text[..i], &text[i..]),
        None => (text, "s"),
    };
    let value: f64 = number.parse().map_err(|_| {
        format!("`{text}` is not a duration: expected a number followed by s, m, h or d (e.g. 8d)")
    })?;
    if !value.is_finite() || value < 0.0 {
        return Err(format!("`{text}` must be a positive duration"));
    }
    let factor = match unit {
        "s" => 1.0,
        "m" => 60.0,
        "h" => 3600.0,
        "d" => 86400.0,
        _ => {
            return Err(format!(
                "`{text}` has unknown unit `{unit}`: use s, m, h or d"
            ));
        }
    };
    Ok(value * factor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stopped_clock_only_moves_when_advanced() {
        let mut c = Clock::new(1000.0, 0.0);
        assert_eq!(c.now(), 1000.0);
        c.advance(60.0);
        c.advance(-5.0);
        assert_eq!(c.now(), 1060.0);
    }

    #[test]
    fn durations_parse_with_units() {
        assert_eq!(parse_duration("8d"), Ok(8.0 * 86400.0));
        assert_eq!(parse_duration("90m"), Ok(5400.0));
        assert_eq!(parse_duration("12"), Ok(12.0));
        assert!(parse_duration("8w").is_err());
        assert!(parse_duration("-1d").is_err());
        assert!(parse_duration("d").is_err());
    }
}
