//! The command table's types (`commands.rs` is generated from the spec in them), how an entry
//! becomes a clap subcommand, and how the parsed command line becomes the call's arguments.

use std::collections::BTreeMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;

use fastly_tokens::{Client, Response, StatusCode};
use serde_json::{Map, Value};

/// A group of subcommands: the operations of one tag of the spec (`tokens list`).
pub(crate) struct Group {
    /// The group's command (the tag in kebab case, or its `x-cli-name`).
    pub name: &'static str,
    /// The first line of the tag's description.
    pub about: &'static str,
}

/// One operation of the spec as a subcommand.
pub(crate) struct Operation {
    /// The group it is under; empty for a top-level command.
    pub group: &'static str,
    /// The subcommand (`list`, `get`, `revoke-current`).
    pub name: &'static str,
    /// The spec's operationId, an alias of the subcommand.
    pub operation_id: &'static str,
    /// `GET /tokens/{token_id}`.
    pub route: &'static str,
    /// The spec's summary: the one-line help.
    pub summary: &'static str,
    /// The spec's description, on one line.
    pub description: &'static str,
    /// Its parameters and body fields.
    pub args: &'static [Arg],
    /// A list's table columns (the item schema's `x-cli-columns`, else its scalar fields), or
    /// the fields one object shows first (its schema's `x-cli-columns`).
    pub columns: &'static [&'static str],
    /// The spec's `x-sudo`: with a token, the call needs sudo, which a password confirms first.
    pub sudo: bool,
    /// Sends the call.
    pub run: Run,
}

/// How a subcommand sends its call.
pub(crate) type Run = for<'a> fn(&'a Client, &'a Input) -> Running<'a>;

/// The call of a subcommand, running.
pub(crate) type Running<'a> = Pin<Box<dyn Future<Output = Result<Outcome, Failure>> + 'a>>;

/// One parameter or body field.
pub(crate) struct Arg {
    /// clap's id: the client's argument (`token_id`) or `body.<wire name>`.
    pub id: &'static str,
    /// The first sentence of the spec's description.
    pub help: &'static str,
    /// The whole description when it has more than one sentence.
    pub long_help: &'static str,
    /// `TOKEN_ID`.
    pub value_name: &'static str,
    pub required: bool,
    /// Repeatable (a list).
    pub many: bool,
    pub place: Place,
    /// Where it goes in the request body; `None` for a parameter.
    pub body: Option<BodyPart>,
    /// When it is asked for if left out (the spec's `x-cli-prompt`).
    pub ask: Option<Ask>,
}

/// When a flag left out is asked for at a prompt that does not echo (on a terminal only).
#[allow(dead_code)] // generated only where the spec has an `x-cli-prompt`
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ask {
    /// When the API answers that a one-time password is needed
    /// ([`fastly_tokens::Error::is_two_factor_required`]); the call is then sent again.
    TwoFactor,
}

/// What the help of a flag marked [`Ask::TwoFactor`] (and `rotate --otp`) adds.
pub(crate) const ASKED_WHEN_NEEDED: &str =
    "Left out, it is asked for without echo on a terminal when the API answers that one is needed.";

/// The question a one-time password is asked with.
const OTP_QUESTION: &str = "one-time password: ";

/// Asks for a one-time password: `None` when no one can answer.
pub(crate) fn ask_otp(prompt: Option<crate::Prompt<'_>>) -> Result<Option<String>, Failure> {
    let Some(ask) = prompt else {
        return Ok(None);
    };
    let answer = ask(OTP_QUESTION)
        .map_err(|e| Failure::Usage(format!("cannot read the one-time password: {e}")))?;
    Ok(Some(answer.trim().to_string()).filter(|a| !a.is_empty()))
}

/// Where a person gives an argument.
pub(crate) enum Place {
    /// A positional argument.
    Positional,
    /// `--<name> <VALUE>`.
    Flag(&'static str),
    /// Never on the command line: from this environment variable, or a prompt that does not
    /// echo.
    Secret { env: &'static str },
}

/// Where an argument goes in the body.
#[allow(dead_code)] // `Json` and `Whole` are generated for bodies this spec does not have yet
pub(crate) enum BodyPart {
    /// The property of this wire name, as text (a list when repeatable).
    Field(&'static str),
    /// The property of this wire name, given as JSON.
    Json(&'static str),
    /// Each value an item `{field: value, constants...}` of the array property `array`.
    Items {
        array: &'static str,
        field: &'static str,
        constants: &'static [(&'static str, &'static str)],
    },
    /// The whole body, given as JSON.
    Whole,
}

/// Why a command failed.
#[derive(Debug)]
pub enum Failure {
    /// The command line was wrong.
    Usage(String),
    /// No API token was given where the call needs one.
    NoToken,
    /// The call failed.
    Api(fastly_tokens::Error),
    /// The answer could not be written.
    Output(String),
    /// A step of a convenience (rotation) failed: what it had done, and the call's error.
    Step(String, fastly_tokens::Error),
}

impl From<fastly_tokens::Error> for Failure {
    fn from(e: fastly_tokens::Error) -> Self {
        Failure::Api(e)
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Usage(m) | Failure::Output(m) => f.write_str(m),
            Failure::NoToken => write!(
                f,
                "no API token: set {} or pass --token-stdin",
                fastly_tokens::TOKEN_ENV
            ),
            Failure::Api(e) => chain(f, e),
            Failure::Step(message, e) => {
                write!(f, "{message}: ")?;
                chain(f, e)
            }
        }
    }
}

/// An error, then each cause under it: each level of the client's errors says only its own
/// part, so each message is printed once.
fn chain(f: &mut fmt::Formatter<'_>, e: &dyn std::error::Error) -> fmt::Result {
    write!(f, "{e}")?;
    let mut cause = e.source();
    while let Some(c) = cause {
        write!(f, ": {c}")?;
        cause = c.source();
    }
    Ok(())
}

/// What a call answered: its status and its body as JSON (`null` for no content).
pub(crate) struct Outcome {
    pub status: StatusCode,
    pub value: Value,
}

impl Outcome {
    pub(crate) fn of<T: serde::Serialize>(response: Response<T>) -> Result<Outcome, Failure> {
        let status = response.status();
        let value = serde_json::to_value(response.into_inner())
            .map_err(|e| Failure::Output(format!("the answer does not serialize: {e}")))?;
        Ok(Outcome { status, value })
    }

    /// Every item of a paged list, page after page (`x-pages`), as one JSON list with the
    /// status 200: every page answered with success. A failing page fails the command.
    #[allow(dead_code)] // generated only where the spec has a paged operation
    pub(crate) async fn of_items<T: serde::Serialize>(
        mut items: impl futures_util::Stream<Item = Result<T, fastly_tokens::Error>> + Unpin,
    ) -> Result<Outcome, Failure> {
        use futures_util::StreamExt;
        let mut list = Vec::new();
        while let Some(item) = items.next().await {
            let value = serde_json::to_value(item?)
                .map_err(|e| Failure::Output(format!("the answer does not serialize: {e}")))?;
            list.push(value);
        }
        Ok(Outcome {
            status: StatusCode::OK,
            value: Value::Array(list),
        })
    }

    /// This page's items (its property `items`), as the list they are.
    #[allow(dead_code)] // generated only where the spec has a paged operation
    pub(crate) fn items_of(mut self, items: &str) -> Result<Outcome, Failure> {
        self.value = match self.value.get_mut(items).map(Value::take) {
            Some(list @ Value::Array(_)) => list,
            Some(Value::Null) | None => Value::Array(Vec::new()),
            Some(other) => {
                return Err(Failure::Output(format!(
                    "the page's `{items}` is not a list: {other}"
                )));
            }
        };
        Ok(self)
    }

    /// A body that is not JSON, read to its end: printed as text when it is UTF-8.
    #[allow(dead_code)] // generated only where the spec has such an operation
    pub(crate) async fn of_bytes(
        response: Response<fastly_tokens::ByteStream>,
    ) -> Result<Outcome, Failure> {
        let status = response.status();
        let bytes = response.bytes().await?;
        let text = String::from_utf8(bytes.to_vec()).map_err(|_| {
            Failure::Output(format!(
                "the answer is {} bytes that are not text; this CLI prints only text",
                bytes.len()
            ))
        })?;
        Ok(Outcome {
            status,
            value: Value::String(text),
        })
    }

    /// A connection upgraded to a websocket: the CLI says so and closes it.
    #[allow(dead_code)] // generated only where the spec has such an operation
    pub(crate) fn of_upgrade(
        response: Response<fastly_tokens::Upgraded>,
    ) -> Result<Outcome, Failure> {
        Err(Failure::Output(format!(
            "the server upgraded the connection to a websocket ({}); this CLI does not speak \
             websockets: use the library's `Upgraded`",
            response.status()
        )))
    }
}

impl Operation {
    /// The clap subcommand, its help from the spec.
    pub(crate) fn command(&self) -> clap::Command {
        let mut about = format!("{}\n\n{}", self.summary, self.description);
        let secrets: Vec<String> = self
            .args
            .iter()
            .filter_map(|a| match a.place {
                Place::Secret { env } => Some(format!(
                    "`{}` is read from {env}, or asked for without echo on a terminal.",
                    a.id.trim_start_matches("body.")
                )),
                _ => None,
            })
            .collect();
        for s in &secrets {
            about.push_str("\n\n");
            about.push_str(s);
        }
        about.push_str(&format!("\n\nSends `{}`.", self.route));
        let mut command = clap::Command::new(self.name)
            .alias(self.operation_id)
            .about(self.summary)
            .long_about(about);
        for arg in self.args {
            let mut a = clap::Arg::new(arg.id)
                .value_name(arg.value_name)
                .help(arg.help)
                .required(arg.required);
            if arg.ask == Some(Ask::TwoFactor) {
                let first = if arg.long_help.is_empty() {
                    arg.help
                } else {
                    arg.long_help
                };
                a = a.long_help(format!("{first}\n\n{ASKED_WHEN_NEEDED}"));
            } else if !arg.long_help.is_empty() {
                a = a.long_help(arg.long_help);
            }
            a = match arg.place {
                Place::Secret { .. } => continue,
                Place::Positional if arg.many => a.num_args(1..),
                Place::Positional => a,
                Place::Flag(flag) if arg.many => a.long(flag).action(clap::ArgAction::Append),
                Place::Flag(flag) => a.long(flag),
            };
            command = command.arg(a);
        }
        command
    }

    /// The call's input from the parsed subcommand and the secrets.
    pub(crate) fn input(
        &'static self,
        matches: &clap::ArgMatches,
        secret: &mut Secrets<'_>,
    ) -> Result<Input, Failure> {
        let mut values = BTreeMap::new();
        for arg in self.args {
            let given: Vec<String> = match arg.place {
                Place::Secret { env } => secret(arg, env)?.into_iter().collect(),
                _ => matches
                    .get_many::<String>(arg.id)
                    .map(|v| v.cloned().collect())
                    .unwrap_or_default(),
            };
            if !given.is_empty() {
                values.insert(arg.id, given);
            }
        }
        Ok(Input {
            operation: self,
            values,
        })
    }
}

/// Gives a secret argument's value (from its environment variable, or a prompt).
pub(crate) type Secrets<'a> = dyn FnMut(&Arg, &'static str) -> Result<Option<String>, Failure> + 'a;

/// The arguments of one call, as given.
pub(crate) struct Input {
    operation: &'static Operation,
    values: BTreeMap<&'static str, Vec<String>>,
}

impl Input {
    /// Takes an argument's text out: the call goes without it.
    pub(crate) fn take(&mut self, id: &str) -> Option<String> {
        self.values.remove(id).and_then(|v| v.into_iter().next())
    }

    /// An optional argument's text.
    pub(crate) fn text(&self, id: &str) -> Option<String> {
        self.values.get(id).and_then(|v| v.first()).cloned()
    }

    /// Gives `id` the value `value` (an answer to a prompt).
    pub(crate) fn set(&mut self, id: &'static str, value: String) {
        self.values.insert(id, vec![value]);
    }

    /// A required argument's text (clap refuses a command line without it).
    pub(crate) fn required(&self, id: &str) -> String {
        self.text(id).unwrap_or_default()
    }

    /// An optional argument read as the client's type reads it from JSON: the text as a JSON
    /// value (`42`, `true`), else as a JSON string. Every generated type reads so, where only
    /// some have `FromStr` (an untagged `oneOf` of a name or an id has none).
    #[allow(dead_code)] // used by the generated table when the spec has a non-text parameter
    pub(crate) fn parsed<T: serde::de::DeserializeOwned>(
        &self,
        id: &str,
    ) -> Result<Option<T>, Failure> {
        self.text(id)
            .map(|t| {
                serde_json::from_str::<T>(&t)
                    .or_else(|_| serde_json::from_value::<T>(Value::String(t.clone())))
                    .map_err(|e| Failure::Usage(format!("`{id}`: {t:?} is not valid: {e}")))
            })
            .transpose()
    }

    /// A required argument read as [`Input::parsed`] reads it.
    #[allow(dead_code)] // used by the generated table when the spec has a non-text parameter
    pub(crate) fn parsed_required<T: serde::de::DeserializeOwned>(
        &self,
        id: &str,
    ) -> Result<T, Failure> {
        self.parsed(id)?
            .ok_or_else(|| Failure::Usage(format!("`{id}` is required")))
    }

    /// The request body, assembled from the body's arguments by their wire names and read as
    /// the client's body type (so its rules, a date's format say, apply as in Rust).
    pub(crate) fn body<T: serde::de::DeserializeOwned>(&self) -> Result<T, Failure> {
        let mut body = Map::new();
        let mut whole = None;
        for arg in self.operation.args {
            let (Some(part), Some(values)) = (&arg.body, self.values.get(arg.id)) else {
                continue;
            };
            let json = |text: &str| {
                serde_json::from_str::<Value>(text)
                    .map_err(|e| Failure::Usage(format!("`{}` is not JSON: {e}", arg.value_name)))
            };
            match part {
                BodyPart::Field(wire) if arg.many => {
                    body.insert(
                        wire.to_string(),
                        values.iter().cloned().map(Value::String).collect(),
                    );
                }
                BodyPart::Field(wire) => {
                    body.insert(wire.to_string(), Value::String(values[0].clone()));
                }
                BodyPart::Json(wire) => {
                    body.insert(wire.to_string(), json(&values[0])?);
                }
                BodyPart::Items {
                    array,
                    field,
                    constants,
                } => {
                    let items = values.iter().map(|v| {
                        let mut item = Map::new();
                        item.insert(field.to_string(), Value::String(v.clone()));
                        for (k, c) in *constants {
                            item.insert(k.to_string(), Value::String(c.to_string()));
                        }
                        Value::Object(item)
                    });
                    body.insert(array.to_string(), items.collect());
                }
                BodyPart::Whole => whole = Some(json(&values[0])?),
            }
        }
        let body = whole.unwrap_or(Value::Object(body));
        serde_json::from_value(body).map_err(|e| Failure::Usage(format!("the request: {e}")))
    }
}
