pub mod harness;
pub mod mail_sink;
pub mod matrix_table;
