pub mod harness;
pub mod http_sink;
pub mod mail_sink;
pub mod matrix_table;
