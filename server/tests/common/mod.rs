pub mod api_client;
pub mod harness;
pub mod http_sink;
pub mod log_capture;
pub mod mail_sink;
pub mod matrix_table;
pub mod node;
pub mod sse;
