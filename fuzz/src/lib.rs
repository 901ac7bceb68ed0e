//! What every fuzz target shares: an allocator that refuses any single allocation over
//! 256 MiB (libFuzzer's own `-malloc_limit_mb` needs a sanitizer's malloc hooks, which a
//! stable toolchain does not build), and the text a target reads from libFuzzer's bytes.

use std::alloc::{GlobalAlloc, Layout, System};

/// The largest allocation a parser may make for one input.
pub const MAX_ALLOCATION: usize = 256 << 20;

struct Capped;

// SAFETY: every call is passed to the system allocator unchanged; only the size is checked.
unsafe impl GlobalAlloc for Capped {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        check(layout.size());
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        check(layout.size());
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        check(new_size);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

/// Aborts (a crash libFuzzer records with the input) rather than panicking: a panic would
/// allocate its message.
fn check(size: usize) {
    if size > MAX_ALLOCATION {
        std::process::abort();
    }
}

#[global_allocator]
static ALLOCATOR: Capped = Capped;

/// The input as text, as a browser's text field or file reader would hand it over: invalid
/// UTF-8 becomes U+FFFD.
pub fn text(data: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// The longest one learner action (a typed line) may take. A whole input holds several
/// lines, so libFuzzer's own `-timeout` is per input; this holds each line to the limit.
pub const MAX_LINE_TIME: std::time::Duration = std::time::Duration::from_secs(1);

/// Runs `f`, aborting (a crash libFuzzer saves with its input) when it took longer than
/// [`MAX_LINE_TIME`].
pub fn within_line_time<T>(line: &str, f: impl FnOnce() -> T) -> T {
    let started = std::time::Instant::now();
    let out = f();
    let took = started.elapsed();
    if took > MAX_LINE_TIME {
        eprintln!("a line took {} ms: {line}", took.as_millis());
        std::process::abort();
    }
    out
}
