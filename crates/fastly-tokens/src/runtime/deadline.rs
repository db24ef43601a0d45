//! A whole call within an overall deadline ([`crate::ClientBuilder::deadline`] or a call's
//! `with_deadline`): the outermost future of every generated `send`.

use std::time::Duration;

use crate::error::Error;

pin_project_lite::pin_project! {
    /// A whole call (its checks, every attempt, the waits between them and reading the
    /// answer) with an optional overall deadline (`Client::deadline_for`). It is the
    /// outermost future of a generated `send`: the call is built in place here, with no async
    /// block around it to move it into (a move copies all of a call's future, some hundreds
    /// of bytes).
    pub(crate) struct Deadline<F> {
        #[pin]
        call: F,
        // Boxed: only a call with a deadline has a timer, and the 96 bytes of one would size
        // every call's future. Started on the first poll (a `Sleep` needs the runtime, and a
        // future may be made outside one), before the call is first polled.
        timer: Option<std::pin::Pin<Box<tokio::time::Sleep>>>,
        deadline: Option<Duration>,
    }
}

impl<F> Deadline<F> {
    /// Runs `call` (a whole call: its checks, every attempt, and reading the answer) within
    /// `deadline` (`Client::deadline_for`); without one, as it is.
    pub(crate) fn new(deadline: Option<Duration>, call: F) -> Deadline<F> {
        Deadline {
            call,
            timer: None,
            deadline,
        }
    }
}

impl<F, T> Future for Deadline<F>
where
    F: Future<Output = Result<T, Error>>,
{
    type Output = Result<T, Error>;

    fn poll(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        let this = self.project();
        let Some(deadline) = *this.deadline else {
            return this.call.poll(cx);
        };
        let timer = this
            .timer
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(deadline)));
        if let std::task::Poll::Ready(out) = this.call.poll(cx) {
            return std::task::Poll::Ready(out);
        }
        match timer.as_mut().poll(cx) {
            std::task::Poll::Ready(()) => {
                std::task::Poll::Ready(Err(Error::DeadlineExceeded { deadline }))
            }
            std::task::Poll::Pending => std::task::Poll::Pending,
        }
    }
}
