//! Names come from progenitor's own rule: a spec with operationIds and schema names in every
//! common style (camelCase with acronyms, kebab, snake, dotted, digits, Rust keywords)
//! generates, the names `xtask::generate::names` computes are the ones progenitor and typify
//! actually emit (read back from their output), and the crates build with them. The corpus
//! also holds the response shapes the generated code treats apart: two JSON success statuses,
//! a `4XX` range and a `default` response; and the path and header shapes: an integer path
//! parameter beside a string one, and a header parameter.

use xtask::generate::names;

/// operationIds in the styles specs use, each its own GET operation.
const OPERATION_IDS: [&str; 13] = [
    "getHTTPToken",
    "getTokenByIP",
    "get-token-by-name",
    "get_token_v2",
    "tokens.getByLabel",
    "get2FAStatus",
    "GetTokenXML",
    "listTokens2",
    "type",
    "self",
    "match",
    "async",
    "token-OAuth2-refresh",
];

/// Component schema names in the styles specs use, each the response of one operation above.
const SCHEMA_NAMES: [&str; 5] = ["token-v2", "HTTPHeader", "token.label", "token_2fa", "Self"];

/// The committed spec with one operation per corpus operationId under `/corpus/{i}`.
fn corpus_spec() -> String {
    let mut paths = String::new();
    for (i, id) in OPERATION_IDS.iter().enumerate() {
        let schema = SCHEMA_NAMES.get(i).copied().unwrap_or("token_response");
        // The first operation also succeeds with 201, a second JSON success status: its
        // decode errors keep the status they came with (`Undecoded`).
        let also = match i {
            // A success range and a default response: the mock's `Then` takes a range's
            // status as an argument (`.status(status)`), a shape the status patch recognises.
            1 => format!(
                "        \"2XX\":\n          description: The value.\n          content:\n            \
                 application/json:\n              schema:\n                $ref: \
                 \"#/components/schemas/{schema}\"\n        default:\n          $ref: \
                 \"#/components/responses/unauthorized\"\n"
            ),
            0 => format!(
                "        \"201\":\n          description: The value.\n          content:\n            \
                 application/json:\n              schema:\n                $ref: \
                 \"#/components/schemas/{schema}\"\n"
            ),
            _ => String::new(),
        };
        paths.push_str(&format!(
            "  /corpus/{i}:\n    get:\n      operationId: {id:?}\n      tags: [tokens]\n      \
             summary: Corpus operation {i}\n      description: An operationId in one naming \
             style.\n      responses:\n        \"200\":\n          description: The value.\n          \
             content:\n            application/json:\n              schema:\n                \
             $ref: \"#/components/schemas/{schema}\"\n{also}        \"401\":\n          \
             $ref: \"#/components/responses/unauthorized\"\n"
        ));
    }
    // A string and an integer path parameter (`path::EncodedStr` and `path::Encoded`) and a
    // header parameter (the one header map an operation keeps).
    paths.push_str(
        "  /corpus/{label}/items/{number}:\n    get:\n      operationId: getCorpusItem\n      \
         tags: [tokens]\n      summary: A numbered item\n      description: Path and header \
         shapes.\n      parameters:\n        - name: label\n          in: path\n          \
         required: true\n          description: A label.\n          schema:\n            \
         type: string\n        - name: number\n          in: path\n          required: true\n          \
         description: A number.\n          schema:\n            type: integer\n            \
         format: int64\n        - name: X-Trace\n          in: header\n          required: \
         true\n          description: A trace ID.\n          schema:\n            type: \
         string\n      responses:\n        \"204\":\n          description: Done.\n",
    );
    let mut schemas = String::new();
    for name in SCHEMA_NAMES {
        schemas.push_str(&format!(
            "    {name:?}:\n      type: object\n      description: A schema named {name:?}.\n      \
             properties:\n        label:\n          type: string\n          description: A \
             label.\n"
        ));
    }
    let committed = tests::committed_spec();
    let spec = committed.replacen("components:\n", &format!("{paths}components:\n"), 1);
    spec.replacen("  schemas:\n", &format!("  schemas:\n{schemas}"), 1)
}

/// The method progenitor generated for each route, read from its doc line
/// ("Sends a `GET` request to `/corpus/3`") and the `pub async fn` after it.
fn progenitor_methods(client: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut route = None;
    for line in client.lines().map(str::trim) {
        if let Some(rest) = line.strip_prefix("/// Sends a `GET` request to `") {
            route = rest.strip_suffix('`').map(str::to_string);
        } else if let Some(rest) = line.strip_prefix("pub async fn ") {
            let name = rest.split(['<', '(']).next().unwrap().to_string();
            if let Some(route) = route.take() {
                out.push((route, name));
            }
        }
    }
    out
}

#[test]
fn every_naming_style_gets_the_names_progenitor_gives_it() {
    let spec = corpus_spec();
    let files = xtask::render_all(&spec, "corpus.yaml").expect("the corpus spec generates");
    let file = |rel: &str| {
        &files
            .iter()
            .find(|(p, _)| p.to_str() == Some(rel))
            .unwrap()
            .1
    };
    let (client, operations, mock) = (
        file(xtask::CLIENT_PATH),
        file(xtask::OPERATIONS_PATH),
        file(xtask::MOCK_PATH),
    );
    let emitted = progenitor_methods(client);
    for (i, id) in OPERATION_IDS.iter().enumerate() {
        let route = format!("/corpus/{i}");
        let (_, actual) = emitted
            .iter()
            .find(|(r, _)| *r == route)
            .unwrap_or_else(|| panic!("progenitor generated no method for {route}"));
        assert_eq!(&names::method(id), actual, "the method of {id:?}");
        let builder = format!("pub struct {}", names::operation_type(id));
        assert!(operations.contains(&builder), "{builder} for {id:?}");
        let when = format!("pub struct {}(", names::when(id));
        assert!(mock.contains(&when), "{when} for {id:?}");
        let then = format!("pub struct {}(", names::then(id));
        assert!(mock.contains(&then), "{then} for {id:?}");
    }
    assert!(
        mock.contains("Responds with the status `status` and this value as JSON."),
        "a range or default response is documented with its status argument: {}",
        mock.lines()
            .filter(|l| l.contains("Responds with"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    // Every operation method's error keeps the status of a body that does not decode,
    // however many success statuses it has.
    let flat: String = client.split_whitespace().collect();
    assert_eq!(
        flat.matches("Error<crate::runtime::response::Undecoded>")
            .count(),
        flat.matches("pubasyncfn").count(),
    );
    assert!(!flat.contains("Error<()>"), "{client}");
    for name in SCHEMA_NAMES {
        let ty = format!("pub struct {} {{", names::schema_type(name));
        assert!(client.contains(&ty), "{ty} for schema {name:?}");
    }
    // The numbered item's URL: its string through `EncodedStr`, its number through `Encoded`;
    // its header map stays, and no other operation builds one.
    let item = &client[client.find("pub async fn get_corpus_item").unwrap()..];
    let item = &item[..item.find("\n    }\n").unwrap()];
    let flat: String = item.split_whitespace().collect();
    assert!(
        flat.contains("crate::runtime::path::EncodedStr(label)")
            && flat.contains("crate::runtime::path::Encoded(&number)"),
        "{item}"
    );
    assert!(flat.contains(".headers(header_map)"), "{item}");
    assert_eq!(
        client.matches(".headers(header_map)").count(),
        2,
        "createToken's and this one's"
    );
}

/// Two operationIds that progenitor gives one Rust name are refused before it runs, naming
/// both and the name (progenitor would emit the method twice, and the crate not build).
#[test]
fn operation_ids_that_collide_in_rust_are_refused() {
    let spec = corpus_spec().replacen("operationId: \"async\"", "operationId: \"Self\"", 1);
    let err = tests::refused(&spec);
    assert!(
        err.contains(
            "at paths./corpus/9.get.operationId: [operation-id-duplicate] operationId `self` \
             becomes the Rust method `self_`, as `Self` at /paths/~1corpus~111/get does"
        ),
        "{err}"
    );
}

#[test]
fn the_corpus_builds() {
    let dir = tempfile::tempdir().unwrap();
    tests::copy_workspace(dir.path());
    std::fs::write(dir.path().join(xtask::SPEC_PATH), corpus_spec()).unwrap();
    xtask::generate_in(dir.path(), xtask::Mode::Write).expect("the corpus generates");
    let (ok, errors) = tests::cargo_check(
        dir.path(),
        &["-p", "fastly-tokens", "-p", "fastly-tokens-mock"],
    );
    assert!(ok, "the corpus's crates do not build:\n{errors}");
}

/// `names::CLIENT_METHODS` holds every method the public `Client` has of its own (the
/// hand-written `impl Client` blocks of the client crate), so lint refuses an operationId
/// that would become one of them; and each name it lists for progenitor's client is one the
/// generated client does have or call.
#[test]
fn the_client_methods_an_operation_may_not_take_are_the_crates() {
    let src = tests::root().join("crates/fastly-tokens/src");
    let mut own = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        // Written by the xtask: the operations are what the rule protects, not what it lists.
        if path.extension().is_none_or(|e| e != "rs")
            || ["generated.rs", "operations.rs"].contains(&name.as_str())
        {
            continue;
        }
        let file = syn::parse_file(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for item in file.items {
            let syn::Item::Impl(imp) = item else { continue };
            let is_client =
                matches!(&*imp.self_ty, syn::Type::Path(p) if p.path.is_ident("Client"));
            if imp.trait_.is_some() || !is_client {
                continue;
            }
            for it in imp.items {
                if let syn::ImplItem::Fn(f) = it {
                    own.insert(f.sig.ident.to_string());
                }
            }
        }
    }
    assert!(own.contains("builder"), "{own:?}");
    let public: std::collections::BTreeSet<String> = names::CLIENT_METHODS
        .iter()
        .filter(|(_, owner)| owner.contains("public"))
        .map(|(name, _)| name.to_string())
        .collect();
    assert_eq!(
        own, public,
        "names::CLIENT_METHODS and the crate's own methods differ"
    );
    let generated = tests::committed_client();
    for (name, owner) in names::CLIENT_METHODS {
        if owner.contains("progenitor") {
            assert!(
                generated.contains(&format!("fn {name}("))
                    || generated.contains(&format!("::{name}()"))
                    || generated.contains(&format!(".{name}(")),
                "progenitor's client neither has nor calls `{name}`"
            );
        }
        assert_eq!(
            names::client_method_owner(name),
            Some(*owner),
            "sorted by name"
        );
    }
}
