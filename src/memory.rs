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

/// The most malloc arenas the process uses. glibc gives each thread that
/// allocates at once with another an arena of its own (up to 8 per core),
/// and a page freed in one arena serves only that arena: a refresh decoded on
/// tokio's workers and dropped on the UI thread left ~6 MB resident at
/// 10,000 servers that one shared pool reuses. Two keep the workers from
/// queueing on one lock.
const MAX_ARENAS: i32 = 2;

/// Blocks this large or larger are mapped on their own and unmapped when
/// freed. glibc's default starts at 128 KiB but raises itself up to 32 MiB
/// once such a block is freed: a refresh's page bodies (~250 KB each) then
/// came from the heap and left holes in it, ~4 MB more high-water at 10,000
/// servers. Fixed here, they go straight back to the system.
const MMAP_THRESHOLD: i32 = 128 << 10;

/// At most [`MAX_ARENAS`] malloc arenas. Call first thing in `main`, before
/// any thread starts (glibc on Linux; elsewhere nothing).
pub fn limit_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt takes no pointers and only sets an allocator
    // parameter; called before any other thread exists.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, MAX_ARENAS);
    }
}

/// Blocks of [`MMAP_THRESHOLD`] or more mapped apart, for the dashboard: it
/// takes in a few hundred large answers a refresh and must give their
/// memory back. Not for the simulator, which writes such answers by the
/// thousand a second: mapping each one cost it ~15-20% of its request rate.
/// Call before any thread starts.
pub fn map_large_blocks_apart() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: as in `limit_arenas`.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD);
    }
}
