//! The task returned by server actions. Since mid-2026 it is a "fake task" that
//! cannot be followed: clients poll the server instead.

use serde::{Deserialize, Serialize};

use super::enums::{null_as_default, string_enum};

/// Id of every task the API has returned since 2026-06-25.
pub const FAKE_TASK_ID: &str = "00000000-0000-0000-0000-000000000000";

string_enum! {
    /// Progress of a task.
    pub enum TaskStatus {
        Pending => "pending",
        Started => "started",
        Success => "success",
        Failure => "failure",
        Retry => "retry",
    }
}

/// A server action task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Task {
    pub id: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub description: String,
    pub status: TaskStatus,
    #[serde(default)]
    pub href_from: Option<String>,
    /// `/servers/{id}`, or `/images/{id}` for a backup.
    #[serde(default)]
    pub href_result: Option<String>,
    #[serde(default)]
    pub started_at: Option<String>,
    #[serde(default)]
    pub terminated_at: Option<String>,
    #[serde(default)]
    pub progress: Option<u32>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub zone: String,
}

impl Task {
    /// True for the zero-id placeholder task that cannot be polled.
    pub fn is_fake(&self) -> bool {
        self.id == FAKE_TASK_ID
    }
}

/// `{"task": {...}}`: `POST .../servers/{id}/action` (202).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskResponse {
    pub task: Task,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fake_task_is_recognised() {
        let t: TaskResponse = serde_json::from_str(
            r#"{"task":{"id":"00000000-0000-0000-0000-000000000000","description":"fake task",
                "status":"pending","href_from":"/servers/x/action","href_result":"/servers/x",
                "started_at":null,"terminated_at":null,"progress":0,"zone":"fr-par-1"}}"#,
        )
        .expect("parse");
        assert!(t.task.is_fake());
        assert_eq!(t.task.status, TaskStatus::Pending);
    }
}
