//! One list call per zone (or region), all at once. Results come back in the
//! order the localities were given, each with its own outcome, so one failing
//! zone never hides the others.

use std::future::Future;

use futures::future::join_all;

use super::error::ApiError;

/// Runs `call(locality)` for every locality concurrently (the client's
/// in-flight bound keeps the total number of requests in check) and pairs each
/// locality with its result, in input order.
pub async fn fan_out<L, T, F, Fut>(localities: &[L], call: F) -> Vec<(L, Result<Vec<T>, ApiError>)>
where
    L: Copy,
    F: Fn(L) -> Fut,
    Fut: Future<Output = Result<Vec<T>, ApiError>>,
{
    let results = join_all(localities.iter().map(|&l| call(l))).await;
    localities.iter().copied().zip(results).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn results_keep_input_order_and_run_concurrently() {
        let started = std::time::Instant::now();
        let out = fan_out(&[3u64, 1, 2], |n| async move {
            tokio::time::sleep(Duration::from_millis(50 * n)).await;
            if n == 1 {
                Err(ApiError::Request {
                    detail: "boom".into(),
                })
            } else {
                Ok(vec![n; n as usize])
            }
        })
        .await;
        assert!(started.elapsed() < Duration::from_millis(300));
        assert_eq!(out.len(), 3);
        assert_eq!(out[0].0, 3);
        assert_eq!(out[0].1.as_ref().unwrap(), &vec![3, 3, 3]);
        assert!(out[1].1.is_err());
        assert_eq!(out[2].1.as_ref().unwrap(), &vec![2, 2]);
    }
}
