//! Stripe's form encoding: `application/x-www-form-urlencoded` pairs whose keys nest with brackets
//! (`line_items[0][price_data][currency]=gbp`, `expand[]=x`). Decoded into a JSON tree the way Stripe
//! reads it: objects for named segments, arrays for numeric or empty ones.

use serde_json::{Map, Value};

/// Deeper than any parameter inkdesk sends; a guard against hostile keys.
const MAX_DEPTH: usize = 8;

/// Why a body is not a valid parameter set; the message goes into a 400 `invalid_request_error`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FormError {
    pub param: String,
    pub message: String,
}

pub(crate) fn pairs(body: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(body).into_owned().collect()
}

pub(crate) fn nest(pairs: &[(String, String)]) -> Result<Value, FormError> {
    let mut root = Value::Object(Map::new());
    for (key, value) in pairs {
        let path = segments(key).ok_or_else(|| error(key, "Invalid parameter name"))?;
        insert(&mut root, &path, value.clone())
            .ok_or_else(|| error(key, "Conflicting or duplicate values for this parameter"))?;
    }
    Ok(arrays(root))
}

/// `a[b][0][]` → `["a", "b", "0", ""]`.
fn segments(key: &str) -> Option<Vec<&str>> {
    let (head, mut rest) = match key.find('[') {
        Some(i) => key.split_at(i),
        None => (key, ""),
    };
    if head.is_empty() {
        return None;
    }
    let mut out = vec![head];
    while !rest.is_empty() {
        let inner = rest.strip_prefix('[')?;
        let close = inner.find(']')?;
        let segment = &inner[..close];
        if segment.contains('[') {
            return None;
        }
        out.push(segment);
        rest = &inner[close + 1..];
    }
    (out.len() <= MAX_DEPTH).then_some(out)
}

/// Inserts into nested objects; `[]` appends with the next free index. `None` on a conflict
/// (a scalar and an object under one key) or a repeated scalar key.
fn insert(node: &mut Value, path: &[&str], value: String) -> Option<()> {
    let map = node.as_object_mut()?;
    let (first, rest) = path.split_first()?;
    let key = if first.is_empty() {
        map.len().to_string()
    } else {
        (*first).to_owned()
    };
    if rest.is_empty() {
        if map.contains_key(&key) {
            return None;
        }
        map.insert(key, Value::String(value));
        return Some(());
    }
    let child = map.entry(key).or_insert_with(|| Value::Object(Map::new()));
    insert(child, rest, value)
}

/// Objects whose keys are exactly `0..n` become arrays, recursively.
fn arrays(value: Value) -> Value {
    let Value::Object(map) = value else {
        return value;
    };
    let n = map.len();
    let indexed = n > 0 && (0..n).all(|i| map.contains_key(&i.to_string()));
    if indexed {
        let mut map = map;
        return Value::Array(
            (0..n)
                .map(|i| arrays(map.remove(&i.to_string()).unwrap_or(Value::Null)))
                .collect(),
        );
    }
    Value::Object(map.into_iter().map(|(k, v)| (k, arrays(v))).collect())
}

fn error(param: &str, message: &str) -> FormError {
    FormError {
        param: param.to_owned(),
        message: message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn decode(body: &str) -> Result<Value, FormError> {
        nest(&pairs(body.as_bytes()))
    }

    #[test]
    fn nested_keys_become_objects_and_arrays() {
        let body = "mode=payment&line_items%5B0%5D%5Bprice_data%5D%5Bcurrency%5D=gbp\
                    &line_items[0][quantity]=1&metadata[lead_id]=42&payment_method_types[0]=card\
                    &payment_method_types[1]=bacs_debit&expand[]=a&expand[]=b&d=Deposit+%E2%80%94+x";
        assert_eq!(
            decode(body).unwrap(),
            json!({"mode": "payment",
                   "line_items": [{"price_data": {"currency": "gbp"}, "quantity": "1"}],
                   "metadata": {"lead_id": "42"},
                   "payment_method_types": ["card", "bacs_debit"],
                   "expand": ["a", "b"], "d": "Deposit — x"})
        );
    }

    #[test]
    fn sparse_indexes_stay_objects() {
        assert_eq!(decode("a[1]=x").unwrap(), json!({"a": {"1": "x"}}));
    }

    #[test]
    fn conflicts_duplicates_and_bad_keys_are_refused() {
        for body in [
            "a=1&a[b]=2",
            "a[b]=2&a=1",
            "mode=payment&mode=setup",
            "[a]=1",
            "a[b=1",
            "a]b[=1",
            "a[[b]]=1",
            "a[b]c=1",
            "a[1][2][3][4][5][6][7][8]=1",
        ] {
            assert!(decode(body).is_err(), "{body}");
        }
    }

    #[test]
    fn empty_and_garbage_bodies_are_empty_or_refused_without_panicking() {
        assert_eq!(decode("").unwrap(), json!({}));
        assert!(decode("=x").is_err());
        let _ = nest(&pairs(&[0xff, 0xfe, b'=', 0x80]));
    }
}
