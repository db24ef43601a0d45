//! The mock's matcher rewrites (`mock.rs`, fixes 1, 7 and 8): a list query parameter matched
//! item by item or comma-joined, a path's own text escaped in its regex, and a value taken by
//! value lent to httpmock.

/// Fix 7 inside one matcher method: each `X.query_param(name, value.to_string())` made
/// `value.iter().fold(X, |when, item| when.query_param(name, item.to_string()))`, or, for a
/// list sent comma-separated, `X.query_param(name, <the items joined by ",">)`; counts them.
pub(crate) struct QueryLists {
    pub(crate) comma: bool,
    pub(crate) count: usize,
}

crate::walk::pass! {
    impl Pass for QueryLists {
        fn expr(&mut self, expr: &mut syn::Expr) {
            crate::walk::expr(self, expr);
            let syn::Expr::MethodCall(call) = expr else {
                return;
            };
            if call.method != "query_param" || call.args.len() != 2 {
                return;
            }
            let (receiver, name) = (&call.receiver, &call.args[0]);
            *expr = if self.comma {
                syn::parse_quote!(#receiver.query_param(
                    #name,
                    value
                        .iter()
                        .map(::std::string::ToString::to_string)
                        .collect::<::std::vec::Vec<_>>()
                        .join(","),
                ))
            } else {
                syn::parse_quote!(
                    value.iter().fold(#receiver, |when, item| when.query_param(#name, item.to_string()))
                )
            };
            self.count += 1;
        }
    }
}

/// A path matcher's regex with the path's own text escaped: progenitor writes `^` + the path,
/// each other parameter as `[^/]*` and the one matched as `{}` (a `format!` string), + `$`;
/// only the text between those is the path's, and in a `format!` string a `{` or `}` it
/// escapes to is doubled.
pub(crate) fn escape_path_regex(pattern: &str, format: bool) -> String {
    let Some(inner) = pattern.strip_prefix('^').and_then(|p| p.strip_suffix('$')) else {
        return pattern.to_string();
    };
    // The characters a regex reads outside a class; a path's `-` or `~` stays as it is.
    let text = |part: &str| {
        let mut out = String::with_capacity(part.len());
        for c in part.chars() {
            if "\\.+*?()|[]{}^$".contains(c) {
                out.push('\\');
            }
            match c {
                '{' if format => out.push_str("{{"),
                '}' if format => out.push_str("}}"),
                c => out.push(c),
            }
        }
        out
    };
    let pieces: Vec<String> = inner
        .split("{}")
        .map(|between| {
            between
                .split("[^/]*")
                .map(text)
                .collect::<Vec<_>>()
                .join("[^/]*")
        })
        .collect();
    format!("^{}$", pieces.join("{}"))
}

/// Fix 8 inside one method that takes its value by value: `json_body_obj(value)` becomes
/// `json_body_obj(&value)`.
pub(crate) struct LendValue;

crate::walk::pass! {
    impl Pass for LendValue {
        fn expr_method_call(&mut self, call: &mut syn::ExprMethodCall) {
            crate::walk::expr_method_call(self, call);
            if call.method == "json_body_obj"
                && let Some(arg) = call.args.first_mut()
                && matches!(arg, syn::Expr::Path(p) if p.path.is_ident("value"))
            {
                *arg = syn::parse_quote!(&value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::escape_path_regex;

    #[test]
    fn a_path_s_own_text_is_escaped_and_the_wildcards_kept() {
        assert_eq!(
            escape_path_regex("^/v1/$count/{}$", true),
            r"^/v1/\$count/{}$"
        );
        assert_eq!(
            escape_path_regex("^/a.b/[^/]*/c+d/{}$", true),
            r"^/a\.b/[^/]*/c\+d/{}$"
        );
        assert_eq!(escape_path_regex("^/tokens/{}$", true), "^/tokens/{}$");
        assert_eq!(escape_path_regex("^/tokens/self$", false), "^/tokens/self$");
        assert_eq!(escape_path_regex("^/v1/$count$", false), r"^/v1/\$count$");
    }
}
