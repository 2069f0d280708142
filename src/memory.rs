//! Giving freed memory back to the system once a refresh has been applied.
//!
//! glibc's malloc keeps the pages it frees mapped in each thread's arena, and
//! a refresh frees on the UI thread what tokio's workers allocated: without a
//! trim, resident memory settles at the refresh's high-water mark rather than
//! at what the dashboard holds. `malloc_trim` hands the free pages back (a few
//! milliseconds for tens of megabytes, once per refresh).

/// Returns free heap pages to the system (glibc on Linux; elsewhere the
/// allocator is left to its own policy).
pub fn release_free_pages() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim takes no pointers; it only walks and madvises the
    // allocator's own free lists, under the allocator's locks.
    unsafe {
        libc::malloc_trim(0);
    }
}
