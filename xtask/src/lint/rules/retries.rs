//! The lint rule over the spec's retry extension (`x-retry`, read by `spec/retries.rs`): every
//! `x-retry` has the documented shape.

use serde_json::Value;

use crate::lint::RuleId;
use crate::lint::rules::Add;
use crate::spec::retries::KEYS;

/// The lint rule `retry-extension-invalid`: every `x-retry` has the shape above.
pub(crate) fn check(doc: &Value, add: &mut Add<'_>) {
    let mut places: Vec<(String, &Value, bool)> = Vec::new();
    if let Some(ext) = doc.get("x-retry") {
        places.push(("/x-retry".into(), ext, false));
    }
    for op in crate::spec::raw::operations(doc) {
        if let Some(ext) = op.value.get("x-retry") {
            places.push((format!("{}/x-retry", op.pointer), ext, true));
        }
    }
    for (at, ext, operation_level) in places {
        let Some(map) = ext.as_object() else {
            add(
                RuleId::RetryExtensionInvalid,
                at,
                "`x-retry` must be a mapping (README, \"Observability and control\")".into(),
            );
            continue;
        };
        for (key, value) in map {
            let here = format!("{at}/{}", crate::spec::pointer::escape(key));
            let Some((_, wants)) = KEYS.iter().find(|(k, _)| k == key) else {
                let known: Vec<&str> = KEYS.iter().map(|(k, _)| *k).collect();
                add(
                    RuleId::RetryExtensionInvalid,
                    here,
                    format!("`{key}` is not a key of `x-retry` ({})", known.join(", ")),
                );
                continue;
            };
            let ok = match key.as_str() {
                "statuses" => value.as_array().is_some_and(|l| {
                    l.iter()
                        .all(|s| s.as_u64().is_some_and(|s| (100..600).contains(&s)))
                }),
                "retries" => value.as_u64().is_some_and(|n| n <= 10),
                "initial-delay-ms" | "max-delay-ms" => value.as_u64().is_some(),
                "idempotent" => operation_level && value.is_boolean(),
                _ => value.is_boolean(),
            };
            if !ok {
                add(
                    RuleId::RetryExtensionInvalid,
                    here,
                    format!("`{key}` must be {wants}"),
                );
            }
        }
        let int = |k: &str| map.get(k).and_then(Value::as_u64);
        if let (Some(first), Some(max)) = (int("initial-delay-ms"), int("max-delay-ms"))
            && first > max
        {
            add(
                RuleId::RetryExtensionInvalid,
                format!("{at}/initial-delay-ms"),
                "`initial-delay-ms` is longer than `max-delay-ms`".into(),
            );
        }
    }
}
