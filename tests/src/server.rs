//! A small HTTP/1.1 server on 127.0.0.1 that records every request and answers from a script,
//! including the misbehaviours real networks produce (stalls, bodies cut short).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the server does with one request.
#[derive(Clone, Debug)]
pub enum Reply {
    /// A complete response.
    Full {
        /// Status code.
        status: u16,
        /// Extra headers (Content-Length and Connection are added).
        headers: Vec<(String, String)>,
        /// Body bytes.
        body: Vec<u8>,
    },
    /// Reads the request, then never answers (until the client gives up).
    Stall,
    /// Waits this long, then gives the reply (a slow server).
    Delayed(Duration, Box<Reply>),
    /// Panics inside the server: proves that a server failure reaches the test.
    Panic,
    /// Announces a body of `announced` bytes, sends `sent` of them, and closes.
    CutShort {
        /// Status code.
        status: u16,
        /// The Content-Length announced.
        announced: usize,
        /// The body bytes actually sent.
        sent: Vec<u8>,
    },
    /// A complete JSON response sent chunked (`Transfer-Encoding: chunked`), `chunk` bytes a
    /// chunk.
    Chunked {
        /// Status code.
        status: u16,
        /// Body bytes.
        body: Vec<u8>,
        /// Bytes per chunk (at least 1).
        chunk: usize,
    },
    /// A JSON array of tokens, `[` then one token after another, that goes on for `length`
    /// bytes (`None`: until the client hangs up), sent chunked or under a `Content-Length`
    /// that need not match it.
    Flood {
        /// Status code.
        status: u16,
        /// The Content-Length announced; `None` sends `Transfer-Encoding: chunked`.
        announced: Option<u64>,
        /// How many body bytes to send; `None` never stops.
        length: Option<u64>,
    },
}

/// One token as JSON, as the list operations return it.
pub const TOKEN_JSON: &str = r#"{"id":"7kzHzX5GPXxuQx0dAIBV2D","user_id":"2bFqLqJ8IuSkJ6vB1ZqXq0","customer_id":"4sIdEqbhOJ2sP8Oa5JY1Jh","name":"ci deploy","last_used_at":null,"created_at":"2024-03-01T09:12:44Z","expires_at":null,"ip":null,"user_agent":null,"sudo_expires_at":null,"scopes":["global:read","purge_select"],"scope":"global:read purge_select","services":["6yxNzKHbFLgNcnhXQHJsUF"],"service_id":null}"#;

impl Reply {
    /// A JSON response.
    pub fn json(status: u16, body: &str) -> Reply {
        Reply::Full {
            status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: body.as_bytes().to_vec(),
        }
    }

    /// A response with no body.
    pub fn empty(status: u16) -> Reply {
        Reply::Full {
            status,
            headers: vec![],
            body: vec![],
        }
    }

    /// A response with any content type and body.
    pub fn raw(status: u16, content_type: &str, body: &[u8]) -> Reply {
        Reply::Full {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.to_vec(),
        }
    }

    /// Adds a header to a full response.
    pub fn header(mut self, name: &str, value: &str) -> Reply {
        if let Reply::Full { headers, .. } = &mut self {
            headers.push((name.into(), value.into()));
        }
        self
    }
}

/// One request as the server received it.
#[derive(Clone, Debug)]
pub struct Recorded {
    /// Method.
    pub method: String,
    /// Request target (path and query), exactly as sent.
    pub target: String,
    /// Headers in arrival order, names lower-cased.
    pub headers: Vec<(String, String)>,
    /// Body bytes.
    pub body: Vec<u8>,
}

impl Recorded {
    /// The first value of a header.
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// A stable text for snapshots: request line, sorted headers with credentials masked and
    /// the port-bearing `host` normalised, then the body.
    pub fn snapshot(&self) -> String {
        let mut headers: Vec<String> = self
            .headers
            .iter()
            .map(|(n, v)| {
                let v = match n.as_str() {
                    secret if fastly_tokens::SECRET_HEADERS.contains(&secret) => mask(v),
                    "host" => "127.0.0.1:<port>".to_string(),
                    _ => v.clone(),
                };
                format!("{n}: {v}")
            })
            .collect();
        headers.sort();
        let body = String::from_utf8_lossy(&self.body);
        let body = mask_form_field(&body, "password");
        let (method, target, headers) = (&self.method, &self.target, headers.join("\n"));
        format!("{method} {target}\n{headers}\n\n{body}")
    }
}

/// Replaces a secret with a marker that still shows its length.
pub fn mask(secret: &str) -> String {
    format!("<redacted {} chars>", secret.len())
}

fn mask_form_field(body: &str, field: &str) -> String {
    body.split('&')
        .map(|pair| match pair.split_once('=') {
            Some((k, v)) if k == field => format!("{k}={}", mask(v)),
            _ => pair.to_string(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// A running server; stops when dropped.
pub struct Server {
    url: String,
    requests: Arc<Mutex<Vec<Recorded>>>,
    failures: Arc<Mutex<Vec<String>>>,
    task: tokio::task::JoinHandle<()>,
}

/// Whether a server keeps what it receives.
#[derive(Clone, Copy)]
enum Keep {
    Everything,
    /// Counts requests but keeps none (benchmarks: memory stays flat).
    Nothing,
}

impl Drop for Server {
    /// Stops the server; a failure inside it (a panic, an unexpected I/O error) fails the test
    /// here, unless the test is already failing.
    fn drop(&mut self) {
        self.task.abort();
        let failures = self.failures();
        if !failures.is_empty() && !std::thread::panicking() {
            panic!("the test server failed: {failures:#?}");
        }
    }
}

impl Server {
    /// Starts a server that answers the n-th request with `script[n]`, repeating the last.
    pub async fn start(script: Vec<Reply>) -> Server {
        Server::spawn(script, Keep::Everything).await
    }

    /// Starts a server that always gives the same reply and records nothing.
    pub async fn quiet(reply: Reply) -> Server {
        Server::spawn(vec![reply], Keep::Nothing).await
    }

    async fn spawn(script: Vec<Reply>, keep: Keep) -> Server {
        assert!(!script.is_empty(), "a server needs at least one reply");
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let url = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let recorded = requests.clone();
        let failures = Arc::new(Mutex::new(Vec::new()));
        let failed = failures.clone();
        let task = tokio::spawn(async move {
            let script = Arc::new(script);
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let _ = stream.set_nodelay(true);
                let recorded = recorded.clone();
                let script = script.clone();
                let connection = tokio::spawn(serve(stream, recorded, script, keep));
                let failed = failed.clone();
                tokio::spawn(async move {
                    let failure = match connection.await {
                        Ok(Ok(())) => None,
                        // The client hanging up mid-answer is what hostile tests do.
                        Ok(Err(e)) if hung_up(&e) => None,
                        Ok(Err(e)) => Some(format!("I/O error: {e}")),
                        Err(e) if e.is_panic() => Some(format!("panic: {e}")),
                        Err(_) => None,
                    };
                    if let Some(failure) = failure {
                        failed.lock().unwrap().push(failure);
                    }
                });
            }
        });
        Server {
            url,
            requests,
            failures,
            task,
        }
    }

    /// Starts a server that always gives the same reply.
    pub async fn always(reply: Reply) -> Server {
        Server::start(vec![reply]).await
    }

    /// The base URL (`http://127.0.0.1:PORT`).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }

    /// What went wrong inside the server so far (panics, unexpected I/O errors).
    pub fn failures(&self) -> Vec<String> {
        self.failures.lock().unwrap().clone()
    }

    /// The only request received; panics unless exactly one arrived.
    pub fn only_request(&self) -> Recorded {
        let all = self.requests();
        assert_eq!(all.len(), 1, "expected exactly one request, got {all:#?}");
        all.into_iter().next().unwrap()
    }
}

async fn serve(
    mut stream: TcpStream,
    recorded: Arc<Mutex<Vec<Recorded>>>,
    script: Arc<Vec<Reply>>,
    keep: Keep,
) -> std::io::Result<()> {
    loop {
        let Some(request) = read_request(&mut stream).await? else {
            return Ok(());
        };
        let reply = match keep {
            Keep::Everything => {
                let mut all = recorded.lock().unwrap();
                let n = all.len();
                all.push(request);
                script[n.min(script.len() - 1)].clone()
            }
            Keep::Nothing => script[0].clone(),
        };
        let reply = match reply {
            Reply::Delayed(wait, then) => {
                tokio::time::sleep(wait).await;
                *then
            }
            other => other,
        };
        match reply {
            Reply::Full {
                status,
                headers,
                body,
            } => {
                let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
                for (n, v) in headers {
                    head.push_str(&format!("{n}: {v}\r\n"));
                }
                head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
                // One write: a second small write would wait on the peer's delayed ACK.
                let mut bytes = head.into_bytes();
                bytes.extend_from_slice(&body);
                stream.write_all(&bytes).await?;
                stream.flush().await?;
            }
            Reply::Panic => panic!("Reply::Panic: the test server fails on purpose"),
            Reply::Delayed(..) => unreachable!("unwrapped above"),
            Reply::Stall => {
                tokio::time::sleep(Duration::from_secs(3600)).await;
                return Ok(());
            }
            Reply::CutShort {
                status,
                announced,
                sent,
            } => {
                let head = json_head(status, &format!("Content-Length: {announced}"));
                stream.write_all(head.as_bytes()).await?;
                stream.write_all(&sent).await?;
                stream.flush().await?;
                return Ok(());
            }
            Reply::Chunked {
                status,
                body,
                chunk,
            } => {
                let head = json_head(status, "Transfer-Encoding: chunked");
                // One write of every frame (see `Full`): the client still reads one chunk
                // after another, since HTTP frames them.
                let mut bytes = head.into_bytes();
                for piece in body.chunks(chunk.max(1)) {
                    bytes.extend_from_slice(format!("{:x}\r\n", piece.len()).as_bytes());
                    bytes.extend_from_slice(piece);
                    bytes.extend_from_slice(b"\r\n");
                }
                bytes.extend_from_slice(b"0\r\n\r\n");
                stream.write_all(&bytes).await?;
                stream.flush().await?;
            }
            Reply::Flood {
                status,
                announced,
                length,
            } => {
                flood(&mut stream, status, announced, length).await?;
                return Ok(());
            }
        }
    }
}

/// The head of a JSON response whose body `framing` delimits (`Content-Length: n` or
/// `Transfer-Encoding: chunked`).
fn json_head(status: u16, framing: &str) -> String {
    format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: application/json\r\n{framing}\r\n\r\n",
        reason(status)
    )
}

/// Sends a `Reply::Flood`; a client that hangs up ends it without an error.
async fn flood(
    stream: &mut TcpStream,
    status: u16,
    announced: Option<u64>,
    length: Option<u64>,
) -> std::io::Result<()> {
    let framing = match announced {
        Some(n) => format!("Content-Length: {n}"),
        None => "Transfer-Encoding: chunked".to_string(),
    };
    stream
        .write_all(json_head(status, &framing).as_bytes())
        .await?;
    // About 64 KiB of `token,token,...`, the first chunk opening the array.
    let mut piece = String::new();
    while piece.len() < 64 * 1024 {
        piece.push_str(TOKEN_JSON);
        piece.push(',');
    }
    let mut left = length.unwrap_or(u64::MAX);
    let mut first = true;
    while left > 0 {
        let mut data = Vec::with_capacity(piece.len() + 1);
        if first {
            data.push(b'[');
            first = false;
        }
        data.extend_from_slice(piece.as_bytes());
        data.truncate(usize::try_from(left).unwrap_or(usize::MAX).min(data.len()));
        left -= data.len() as u64;
        let sent = match announced {
            Some(_) => stream.write_all(&data).await,
            None => {
                let mut framed = format!("{:x}\r\n", data.len()).into_bytes();
                framed.extend_from_slice(&data);
                framed.extend_from_slice(b"\r\n");
                stream.write_all(&framed).await
            }
        };
        if sent.is_err() {
            // The client stopped reading and closed the connection: that is the point.
            return Ok(());
        }
    }
    if announced.is_none() {
        let _ = stream.write_all(b"0\r\n\r\n").await;
    }
    Ok(())
}

/// Whether an I/O error means the client went away (which tests provoke on purpose).
fn hung_up(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::{BrokenPipe, ConnectionAborted, ConnectionReset, UnexpectedEof};
    matches!(
        e.kind(),
        BrokenPipe | ConnectionAborted | ConnectionReset | UnexpectedEof
    )
}

/// Reads one HTTP/1.1 request (head and Content-Length body); `None` when the client closed
/// the connection first.
pub async fn read_request(stream: &mut TcpStream) -> std::io::Result<Option<Recorded>> {
    let mut buf = Vec::new();
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Ok(None);
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next().unwrap_or_default().split(' ');
    let method = first.next().unwrap_or_default().to_string();
    let target = first.next().unwrap_or_default().to_string();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let length = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < length {
        let mut chunk = vec![0u8; length - body.len()];
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Ok(Some(Recorded {
        method,
        target,
        headers,
        body,
    }))
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    }
}
