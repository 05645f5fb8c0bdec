//! Batching, once for every interface: many inputs checked on a few threads, the results handed
//! back in input order, with bounded memory for a stream of any length.
//!
//! The calling thread pulls the inputs and hands the results to a sink; only the work runs on the
//! worker threads. So a host that must hold a lock to read its inputs (Python's GIL) or to write
//! its outputs holds it only on the calling thread.

use std::collections::VecDeque;
use std::ops::ControlFlow;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::Mutex;

use crate::error::Error;

/// The most threads a batch runs on, whatever is asked.
pub const MAX_THREADS: usize = 64;

/// How many inputs a worker takes at a time. A batch of fewer inputs runs on the calling thread:
/// starting threads costs more than checking that many requests.
pub const CHUNK: usize = 256;

/// How many chunks per thread may be pulled and not yet handed to the sink.
const CHUNKS_IN_FLIGHT_PER_THREAD: usize = 2;

/// Runs `work` on every input, on up to `threads` threads (at most [`MAX_THREADS`]), and hands each
/// result to `sink` in input order.
///
/// - `inputs` are pulled on the calling thread, [`CHUNK`] at a time; with `threads` 0 or 1, or
///   fewer than [`CHUNK`] inputs, everything runs on the calling thread and no thread is started.
/// - At most about `2 × threads` chunks are pulled and not yet handed on, so a stream of any
///   length costs bounded memory.
/// - A panic in `work` becomes [`Error::internal`] for each input of its chunk; the other chunks go on.
/// - `sink` runs on the calling thread; returning [`ControlFlow::Break`] stops the batch: no more
///   inputs are pulled and the results of chunks in flight are dropped.
pub fn for_each_ordered<I: Send, O: Send>(
    inputs: impl Iterator<Item = I>,
    threads: usize,
    work: impl Fn(I) -> O + Sync,
    mut sink: impl FnMut(Result<O, Error>) -> ControlFlow<()>,
) {
    let threads = threads.clamp(1, MAX_THREADS);
    let mut inputs = inputs.fuse();
    let first = pull_chunk(&mut inputs);
    if threads == 1 || first.len() < CHUNK {
        let mut next = Some(first);
        while let Some(chunk) = next.take().filter(|c| !c.is_empty()) {
            if hand_on(run_chunk(&work, chunk), &mut sink).is_break() {
                return;
            }
            next = Some(pull_chunk(&mut inputs));
        }
        return;
    }
    run_on_threads(first, inputs, threads, &work, &mut sink);
}

/// A numbered chunk of inputs, or of their results.
type Numbered<T> = (usize, Vec<T>);

fn run_on_threads<I: Send, O: Send>(
    first: Vec<I>,
    mut inputs: impl Iterator<Item = I>,
    threads: usize,
    work: &(impl Fn(I) -> O + Sync),
    sink: &mut impl FnMut(Result<O, Error>) -> ControlFlow<()>,
) {
    let (job_sender, job_receiver) = channel::<Numbered<I>>();
    let (result_sender, result_receiver) = channel::<Numbered<Result<O, Error>>>();
    let job_receiver = Mutex::new(job_receiver);
    let stopped = AtomicBool::new(false);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let result_sender = result_sender.clone();
            let (jobs, stopped) = (&job_receiver, &stopped);
            scope.spawn(move || work_on(jobs, &result_sender, stopped, work));
        }
        drop(result_sender);
        let mut order = InOrder {
            jobs: job_sender,
            results: result_receiver,
            sent: 0,
            done: 0,
            early: VecDeque::new(),
        };
        let max_in_flight = CHUNKS_IN_FLIGHT_PER_THREAD * threads;
        let mut next = Some(first);
        loop {
            while order.sent - order.done < max_in_flight {
                let Some(chunk) = next.take().filter(|c| !c.is_empty()) else {
                    break;
                };
                order.send(chunk);
                next = Some(pull_chunk(&mut inputs));
            }
            let Some(results) = order.next_done() else {
                break;
            };
            if hand_on(results, sink).is_break() {
                break;
            }
        }
        // Workers see the job channel closed (when `order` is dropped) and end; chunks pulled
        // after a `Break` are skipped.
        stopped.store(true, Ordering::Relaxed);
    });
}

/// The calling thread's side of a threaded batch: what was sent, and results put back in order.
struct InOrder<I, O> {
    jobs: Sender<Numbered<I>>,
    results: Receiver<Numbered<Result<O, Error>>>,
    sent: usize,
    done: usize,
    /// Results of chunks `done`, `done + 1`, ... that came back, `None` where not yet.
    early: VecDeque<Option<Vec<Result<O, Error>>>>,
}

impl<I, O> InOrder<I, O> {
    fn send(&mut self, chunk: Vec<I>) {
        // The workers end only when this sender is dropped, so the send cannot fail.
        let _ = self.jobs.send((self.sent, chunk));
        self.sent += 1;
    }

    /// The results of the next chunk in input order, waiting for them; `None` when all sent chunks
    /// are handed on (or no worker is left to answer).
    fn next_done(&mut self) -> Option<Vec<Result<O, Error>>> {
        if self.done == self.sent {
            return None;
        }
        loop {
            if let Some(results) = self.early.front_mut().and_then(Option::take) {
                self.early.pop_front();
                self.done += 1;
                return Some(results);
            }
            let (number, results) = self.results.recv().ok()?;
            // Chunks before `done` were handed on already, and each comes back once.
            let Some(slot) = number.checked_sub(self.done) else {
                continue;
            };
            if self.early.len() <= slot {
                self.early.resize_with(slot + 1, || None);
            }
            if let Some(place) = self.early.get_mut(slot) {
                *place = Some(results);
            }
        }
    }
}

/// A worker: takes chunks until the job channel is closed.
fn work_on<I, O>(
    jobs: &Mutex<Receiver<Numbered<I>>>,
    results: &Sender<Numbered<Result<O, Error>>>,
    stopped: &AtomicBool,
    work: &impl Fn(I) -> O,
) {
    loop {
        // A poisoned lock only means another worker panicked while holding it, which `recv`
        // cannot do; the receiver inside is fine.
        let job = jobs
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .recv();
        let Ok((number, chunk)) = job else {
            return;
        };
        if stopped.load(Ordering::Relaxed) {
            continue;
        }
        if results.send((number, run_chunk(work, chunk))).is_err() {
            return;
        }
    }
}

fn pull_chunk<I>(inputs: &mut impl Iterator<Item = I>) -> Vec<I> {
    let mut chunk = Vec::with_capacity(CHUNK);
    chunk.extend(inputs.take(CHUNK));
    chunk
}

/// Runs `work` on each input of a chunk; a panic makes every result of the chunk `Internal`.
fn run_chunk<I, O>(work: &impl Fn(I) -> O, chunk: Vec<I>) -> Vec<Result<O, Error>> {
    let len = chunk.len();
    catch_unwind(AssertUnwindSafe(|| {
        chunk.into_iter().map(|input| Ok(work(input))).collect()
    }))
    .unwrap_or_else(|_| {
        (0..len)
            .map(|_| Err(Error::internal("checking a batch")))
            .collect()
    })
}

fn hand_on<O>(
    results: Vec<Result<O, Error>>,
    sink: &mut impl FnMut(Result<O, Error>) -> ControlFlow<()>,
) -> ControlFlow<()> {
    for result in results {
        sink(result)?;
    }
    ControlFlow::Continue(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use std::sync::atomic::AtomicUsize;

    fn collect<O: Send>(
        count: usize,
        threads: usize,
        work: impl Fn(usize) -> O + Sync,
    ) -> Vec<Result<O, Error>> {
        let mut out = Vec::new();
        for_each_ordered(0..count, threads, work, |r| {
            out.push(r);
            ControlFlow::Continue(())
        });
        out
    }

    #[test]
    fn results_come_in_input_order_whatever_the_threads() {
        for threads in [0, 1, 2, 3, 8, 1000] {
            for count in [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 10 * CHUNK + 7] {
                // Uneven work, so that chunks finish out of order.
                let results = collect(count, threads, |i| {
                    if i % (CHUNK * 3) < CHUNK {
                        std::thread::sleep(std::time::Duration::from_micros(20));
                    }
                    i * 2
                });
                let values: Vec<usize> = results.into_iter().flatten().collect();
                let expected: Vec<usize> = (0..count).map(|i| i * 2).collect();
                assert_eq!(values, expected, "threads {threads}, count {count}");
            }
        }
    }

    #[test]
    fn below_one_chunk_everything_runs_on_the_calling_thread() {
        let caller = std::thread::current().id();
        let results = collect(CHUNK - 1, 8, |_| std::thread::current().id() == caller);
        assert!(results
            .into_iter()
            .all(|r| r.is_ok_and(|on_caller| on_caller)));
        let results = collect(4 * CHUNK, 8, |_| std::thread::current().id() == caller);
        assert!(results
            .into_iter()
            .any(|r| r.is_ok_and(|on_caller| !on_caller)));
    }

    #[test]
    fn a_panic_fails_its_chunk_only() {
        for threads in [1, 4] {
            let results = collect(5 * CHUNK, threads, |i| {
                if i == CHUNK + 3 {
                    std::panic::resume_unwind(Box::new("a bug"));
                }
                i
            });
            assert_eq!(results.len(), 5 * CHUNK);
            for (i, result) in results.iter().enumerate() {
                if (CHUNK..2 * CHUNK).contains(&i) {
                    let error = result.as_ref().err();
                    assert_eq!(error.map(Error::code), Some(ErrorCode::Internal), "at {i}");
                    assert!(error.is_some_and(|e| e.message().contains("this is a bug")));
                } else {
                    assert_eq!(result.as_ref().ok(), Some(&i), "at {i}");
                }
            }
        }
    }

    #[test]
    fn a_break_stops_pulling() {
        for threads in [1, 4] {
            let pulled = AtomicUsize::new(0);
            let inputs = (0..1_000_000).inspect(|_| {
                pulled.fetch_add(1, Ordering::Relaxed);
            });
            let mut seen = Vec::new();
            for_each_ordered(
                inputs,
                threads,
                |i| i,
                |r| {
                    seen.push(r.ok());
                    if seen.len() == CHUNK + 10 {
                        ControlFlow::Break(())
                    } else {
                        ControlFlow::Continue(())
                    }
                },
            );
            let expected: Vec<Option<usize>> = (0..CHUNK + 10).map(Some).collect();
            assert_eq!(seen, expected);
            let bound = (CHUNKS_IN_FLIGHT_PER_THREAD * threads + 2) * CHUNK;
            assert!(pulled.load(Ordering::Relaxed) <= bound, "threads {threads}");
        }
    }

    #[test]
    fn chunks_in_flight_stay_bounded_on_a_long_stream() {
        let threads = 3;
        let pulled = AtomicUsize::new(0);
        let handed = AtomicUsize::new(0);
        let most_ahead = AtomicUsize::new(0);
        let inputs = (0..200 * CHUNK).inspect(|_| {
            let ahead = pulled.fetch_add(1, Ordering::Relaxed) + 1 - handed.load(Ordering::Relaxed);
            most_ahead.fetch_max(ahead, Ordering::Relaxed);
        });
        for_each_ordered(
            inputs,
            threads,
            |i| i,
            |_| {
                handed.fetch_add(1, Ordering::Relaxed);
                ControlFlow::Continue(())
            },
        );
        assert_eq!(handed.load(Ordering::Relaxed), 200 * CHUNK);
        let bound = (CHUNKS_IN_FLIGHT_PER_THREAD * threads + 1) * CHUNK;
        assert!(most_ahead.load(Ordering::Relaxed) <= bound);
    }
}
