//! Settings that Cassandra 4.1 renamed, most of them to take a value with a
//! unit (CASSANDRA-15234), and the few that 5.0 renamed again.
//!
//! Data, not code: generated from the `@Replaces` annotations of
//! `src/java/org/apache/cassandra/config/Config.java` in Apache Cassandra
//! 5.0.1 (commit c206e4509003ac4cd99147d821bd4b5d23bdf5e8) and 4.1.7
//! (commit ca494526025a480bc8530ed3ae472ce8c9cbaf7a), Apache License 2.0.
//! A setting whose old name is its new name changed only the format of its
//! value (`key_cache_save_period`): both forms are accepted.

use crate::config::Version;

/// What a renamed setting's value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// A duration, with the smallest unit it accepts (`ms`, `s`, `m`).
    Duration(&'static str),
    /// A data size, with the smallest unit it accepts (`B`, `KiB`, `MiB`).
    Storage(&'static str),
    /// A data rate, with the smallest unit it accepts (`B/s`).
    Rate(&'static str),
    /// A boolean or a plain number: only the name changed.
    None,
}

/// One renamed setting.
#[derive(Debug, Clone, Copy)]
pub struct Rename {
    pub new: &'static str,
    /// The old names, each with the unit its plain numbers counted in.
    pub old: &'static [(&'static str, Option<&'static str>)],
    pub unit: Unit,
    /// The release that introduced the new name.
    pub since: Version,
}

const V4_1: Version = Version::new(4, 1);
const V5_0: Version = Version::new(5, 0);

/// Every renamed top-level setting of `cassandra.yaml`.
#[rustfmt::skip]
pub static RENAMES: &[Rename] = &[
    Rename { new: "permissions_validity", old: &[("permissions_validity_in_ms", Some("ms"))], unit: Unit::Duration("ms"), since: V4_1 },
    Rename { new: "permissions_update_interval", old: &[("permissions_update_interval_in_ms", Some("ms"))], unit: Unit::Duration("ms"), since: V4_1 },
    Rename { new: "roles_validity", old: &[("roles_validity_in_ms", Some("ms"))], unit: Unit::Duration("ms"), since: V4_1 },
    Rename { new: "roles_update_interval", old: &[("roles_update_interval_in_ms", Some("ms"))], unit: Unit::Duration("ms"), since: V4_1 },
    Rename { new: "credentials_validity", old: &[("credentials_validity_in_ms", Some("ms"))], unit: Unit::Duration("ms"), since: V4_1 },
    Rename { new: "credentials_update_interval", old: &[("credentials_update_interval_in_ms", Some("ms"))], unit: Unit::Duration("ms"), since: V4_1 },
    Rename { new: "max_hint_window", old: &[("max_hint_window_in_ms", Some("ms"))], unit: Unit::Duration("ms"), since: V4_1 },
    Rename { new: "native_transport_idle_timeout", old: &[("native_transport_idle_timeout_in_ms", Some("ms"))], unit: Unit::Duration("ms"), since: V4_1 },
    Rename { new: "request_timeout", old: &[("request_timeout_in_ms", Some("ms"))], unit: Unit::Duration("ms"), since: V4_1 },
    Rename { new: "read_request_timeout", old: &[("read_request_timeout_in_ms", Some("ms"))], unit: Unit::Duration("ms"), since: V4_1 },
    Rename { new: "range_request_timeout", old: &[("range_request_timeout_in_ms", Some("ms"))], unit: Unit::Duration("ms"), since: V4_1 },
    Rename { new: "write_request_timeout", old: &[("write_request_timeout_in_ms", Some("ms"))], unit: Unit::Duration("ms"), since: V4_1 },
    Rename { new: "counter_write_request_timeout", old: &[("counter_write_request_timeout_in_ms", Some("ms"))], unit: Unit::Duration("ms"), since: V4_1 },
    Rename { new: "cas_contention_timeout", old: &[("cas_contention_timeout_in_ms", Some("ms"))], unit: Unit::Duration("ms"), since: V4_1 },
    Rename { new: "truncate_request_timeout", old: &[("truncate_request_timeout_in_ms", Some("ms"))], unit: Unit::Duration("ms"), since: V4_1 },
    Rename { new: "repair_request_timeout", old: &[("repair_request_timeout_in_ms", Some("ms"))], unit: Unit::Duration("ms"), since: V4_1 },
    Rename { new: "streaming_keep_alive_period", old: &[("streaming_keep_alive_period_in_secs", Some("s"))], unit: Unit::Duration("s"), since: V4_1 },
    Rename { new: "internode_timeout", old: &[("cross_node_timeout", None)], unit: Unit::None, since: V4_1 },
    Rename { new: "slow_query_log_timeout", old: &[("slow_query_log_timeout_in_ms", Some("ms"))], unit: Unit::Duration("ms"), since: V4_1 },
    Rename { new: "memtable_heap_space", old: &[("memtable_heap_space_in_mb", Some("MiB"))], unit: Unit::Storage("MiB"), since: V4_1 },
    Rename { new: "memtable_offheap_space", old: &[("memtable_offheap_space_in_mb", Some("MiB"))], unit: Unit::Storage("MiB"), since: V4_1 },
    Rename { new: "repair_session_space", old: &[("repair_session_space_in_mb", Some("MiB"))], unit: Unit::Storage("MiB"), since: V4_1 },
    Rename { new: "internode_max_message_size", old: &[("internode_max_message_size_in_bytes", Some("B"))], unit: Unit::Storage("B"), since: V4_1 },
    Rename { new: "internode_socket_send_buffer_size", old: &[("internode_socket_send_buffer_size_in_bytes", Some("B")), ("internode_send_buff_size_in_bytes", Some("B"))], unit: Unit::Storage("B"), since: V4_1 },
    Rename { new: "internode_socket_receive_buffer_size", old: &[("internode_socket_receive_buffer_size_in_bytes", Some("B")), ("internode_recv_buff_size_in_bytes", Some("B"))], unit: Unit::Storage("B"), since: V4_1 },
    Rename { new: "internode_application_send_queue_capacity", old: &[("internode_application_send_queue_capacity_in_bytes", Some("B"))], unit: Unit::Storage("B"), since: V4_1 },
    Rename { new: "internode_application_send_queue_reserve_endpoint_capacity", old: &[("internode_application_send_queue_reserve_endpoint_capacity_in_bytes", Some("B"))], unit: Unit::Storage("B"), since: V4_1 },
    Rename { new: "internode_application_send_queue_reserve_global_capacity", old: &[("internode_application_send_queue_reserve_global_capacity_in_bytes", Some("B"))], unit: Unit::Storage("B"), since: V4_1 },
    Rename { new: "internode_application_receive_queue_capacity", old: &[("internode_application_receive_queue_capacity_in_bytes", Some("B"))], unit: Unit::Storage("B"), since: V4_1 },
    Rename { new: "internode_application_receive_queue_reserve_endpoint_capacity", old: &[("internode_application_receive_queue_reserve_endpoint_capacity_in_bytes", Some("B"))], unit: Unit::Storage("B"), since: V4_1 },
    Rename { new: "internode_application_receive_queue_reserve_global_capacity", old: &[("internode_application_receive_queue_reserve_global_capacity_in_bytes", Some("B"))], unit: Unit::Storage("B"), since: V4_1 },
    Rename { new: "internode_tcp_connect_timeout", old: &[("internode_tcp_connect_timeout_in_ms", Some("ms"))], unit: Unit::Duration("ms"), since: V4_1 },
    Rename { new: "internode_tcp_user_timeout", old: &[("internode_tcp_user_timeout_in_ms", Some("ms"))], unit: Unit::Duration("ms"), since: V4_1 },
    Rename { new: "internode_streaming_tcp_user_timeout", old: &[("internode_streaming_tcp_user_timeout_in_ms", Some("ms"))], unit: Unit::Duration("ms"), since: V4_1 },
    Rename { new: "native_transport_max_frame_size", old: &[("native_transport_max_frame_size_in_mb", Some("MiB"))], unit: Unit::Storage("MiB"), since: V4_1 },
    Rename { new: "native_transport_max_request_data_in_flight_per_ip", old: &[("native_transport_max_concurrent_requests_in_bytes_per_ip", Some("B"))], unit: Unit::Storage("B"), since: V4_1 },
    Rename { new: "native_transport_max_request_data_in_flight", old: &[("native_transport_max_concurrent_requests_in_bytes", Some("B"))], unit: Unit::Storage("B"), since: V4_1 },
    Rename { new: "native_transport_receive_queue_capacity", old: &[("native_transport_receive_queue_capacity_in_bytes", Some("B"))], unit: Unit::Storage("B"), since: V4_1 },
    Rename { new: "max_value_size", old: &[("max_value_size_in_mb", Some("MiB"))], unit: Unit::Storage("MiB"), since: V4_1 },
    Rename { new: "column_index_size", old: &[("column_index_size_in_kb", Some("KiB"))], unit: Unit::Storage("KiB"), since: V4_1 },
    Rename { new: "column_index_cache_size", old: &[("column_index_cache_size_in_kb", Some("KiB"))], unit: Unit::Storage("KiB"), since: V4_1 },
    Rename { new: "batch_size_warn_threshold", old: &[("batch_size_warn_threshold_in_kb", Some("KiB"))], unit: Unit::Storage("KiB"), since: V4_1 },
    Rename { new: "batch_size_fail_threshold", old: &[("batch_size_fail_threshold_in_kb", Some("KiB"))], unit: Unit::Storage("KiB"), since: V4_1 },
    Rename { new: "compaction_throughput", old: &[("compaction_throughput_mb_per_sec", Some("MiB/s"))], unit: Unit::Rate("B/s"), since: V4_1 },
    Rename { new: "min_free_space_per_drive", old: &[("min_free_space_per_drive_in_mb", Some("MiB"))], unit: Unit::Storage("MiB"), since: V4_1 },
    Rename { new: "stream_throughput_outbound", old: &[("stream_throughput_outbound_megabits_per_sec", None)], unit: Unit::Rate("B/s"), since: V4_1 },
    Rename { new: "inter_dc_stream_throughput_outbound", old: &[("inter_dc_stream_throughput_outbound_megabits_per_sec", None)], unit: Unit::Rate("B/s"), since: V4_1 },
    Rename { new: "commitlog_total_space", old: &[("commitlog_total_space_in_mb", Some("MiB"))], unit: Unit::Storage("MiB"), since: V4_1 },
    Rename { new: "commitlog_sync_group_window", old: &[("commitlog_sync_group_window_in_ms", Some("ms"))], unit: Unit::Duration("ms"), since: V4_1 },
    Rename { new: "commitlog_sync_period", old: &[("commitlog_sync_period_in_ms", Some("ms"))], unit: Unit::Duration("ms"), since: V4_1 },
    Rename { new: "commitlog_segment_size", old: &[("commitlog_segment_size_in_mb", Some("MiB"))], unit: Unit::Storage("MiB"), since: V4_1 },
    Rename { new: "periodic_commitlog_sync_lag_block", old: &[("periodic_commitlog_sync_lag_block_in_ms", Some("ms"))], unit: Unit::Duration("ms"), since: V4_1 },
    Rename { new: "max_mutation_size", old: &[("max_mutation_size_in_kb", Some("KiB"))], unit: Unit::Storage("KiB"), since: V4_1 },
    Rename { new: "cdc_total_space", old: &[("cdc_total_space_in_mb", Some("MiB"))], unit: Unit::Storage("MiB"), since: V4_1 },
    Rename { new: "cdc_free_space_check_interval", old: &[("cdc_free_space_check_interval_ms", Some("ms"))], unit: Unit::Duration("ms"), since: V4_1 },
    Rename { new: "dynamic_snitch_update_interval", old: &[("dynamic_snitch_update_interval_in_ms", Some("ms"))], unit: Unit::Duration("ms"), since: V4_1 },
    Rename { new: "dynamic_snitch_reset_interval", old: &[("dynamic_snitch_reset_interval_in_ms", Some("ms"))], unit: Unit::Duration("ms"), since: V4_1 },
    Rename { new: "hinted_handoff_throttle", old: &[("hinted_handoff_throttle_in_kb", Some("KiB"))], unit: Unit::Storage("KiB"), since: V4_1 },
    Rename { new: "batchlog_replay_throttle", old: &[("batchlog_replay_throttle_in_kb", Some("KiB"))], unit: Unit::Storage("KiB"), since: V4_1 },
    Rename { new: "hints_flush_period", old: &[("hints_flush_period_in_ms", Some("ms"))], unit: Unit::Duration("ms"), since: V4_1 },
    Rename { new: "max_hints_file_size", old: &[("max_hints_file_size_in_mb", Some("MiB"))], unit: Unit::Storage("MiB"), since: V4_1 },
    Rename { new: "trickle_fsync_interval", old: &[("trickle_fsync_interval_in_kb", Some("KiB"))], unit: Unit::Storage("KiB"), since: V4_1 },
    Rename { new: "sstable_preemptive_open_interval", old: &[("sstable_preemptive_open_interval_in_mb", Some("MiB"))], unit: Unit::Storage("MiB"), since: V4_1 },
    Rename { new: "key_cache_size", old: &[("key_cache_size_in_mb", Some("MiB"))], unit: Unit::Storage("MiB"), since: V4_1 },
    Rename { new: "key_cache_save_period", old: &[("key_cache_save_period", Some("s"))], unit: Unit::Duration("s"), since: V4_1 },
    Rename { new: "row_cache_size", old: &[("row_cache_size_in_mb", Some("MiB"))], unit: Unit::Storage("MiB"), since: V4_1 },
    Rename { new: "row_cache_save_period", old: &[("row_cache_save_period", Some("s"))], unit: Unit::Duration("s"), since: V4_1 },
    Rename { new: "counter_cache_size", old: &[("counter_cache_size_in_mb", Some("MiB"))], unit: Unit::Storage("MiB"), since: V4_1 },
    Rename { new: "counter_cache_save_period", old: &[("counter_cache_save_period", Some("s"))], unit: Unit::Duration("s"), since: V4_1 },
    Rename { new: "cache_load_timeout", old: &[("cache_load_timeout_seconds", Some("s"))], unit: Unit::Duration("s"), since: V4_1 },
    Rename { new: "networking_cache_size", old: &[("networking_cache_size_in_mb", Some("MiB"))], unit: Unit::Storage("MiB"), since: V4_1 },
    Rename { new: "file_cache_size", old: &[("file_cache_size_in_mb", Some("MiB"))], unit: Unit::Storage("MiB"), since: V4_1 },
    Rename { new: "index_summary_capacity", old: &[("index_summary_capacity_in_mb", Some("MiB"))], unit: Unit::Storage("MiB"), since: V4_1 },
    Rename { new: "index_summary_resize_interval", old: &[("index_summary_resize_interval_in_minutes", Some("m"))], unit: Unit::Duration("m"), since: V4_1 },
    Rename { new: "gc_log_threshold", old: &[("gc_log_threshold_in_ms", Some("ms"))], unit: Unit::Duration("ms"), since: V4_1 },
    Rename { new: "gc_warn_threshold", old: &[("gc_warn_threshold_in_ms", Some("ms"))], unit: Unit::Duration("ms"), since: V4_1 },
    Rename { new: "trace_type_query_ttl", old: &[("tracetype_query_ttl", Some("s"))], unit: Unit::Duration("s"), since: V4_1 },
    Rename { new: "trace_type_repair_ttl", old: &[("tracetype_repair_ttl", Some("s"))], unit: Unit::Duration("s"), since: V4_1 },
    Rename { new: "prepared_statements_cache_size", old: &[("prepared_statements_cache_size_mb", Some("MiB"))], unit: Unit::Storage("MiB"), since: V4_1 },
    Rename { new: "user_defined_functions_enabled", old: &[("enable_user_defined_functions", None)], unit: Unit::None, since: V4_1 },
    Rename { new: "scripted_user_defined_functions_enabled", old: &[("enable_scripted_user_defined_functions", None)], unit: Unit::None, since: V4_1 },
    Rename { new: "materialized_views_enabled", old: &[("enable_materialized_views", None)], unit: Unit::None, since: V4_1 },
    Rename { new: "transient_replication_enabled", old: &[("enable_transient_replication", None)], unit: Unit::None, since: V4_1 },
    Rename { new: "sasi_indexes_enabled", old: &[("enable_sasi_indexes", None)], unit: Unit::None, since: V4_1 },
    Rename { new: "drop_compact_storage_enabled", old: &[("enable_drop_compact_storage", None)], unit: Unit::None, since: V4_1 },
    Rename { new: "user_defined_functions_threads_enabled", old: &[("enable_user_defined_functions_threads", None)], unit: Unit::None, since: V4_1 },
    Rename { new: "user_defined_functions_warn_timeout", old: &[("user_defined_function_warn_timeout", Some("ms"))], unit: Unit::Duration("ms"), since: V4_1 },
    Rename { new: "user_defined_functions_fail_timeout", old: &[("user_defined_function_fail_timeout", Some("ms"))], unit: Unit::Duration("ms"), since: V4_1 },
    Rename { new: "validation_preview_purge_head_start", old: &[("validation_preview_purge_head_start_in_sec", Some("s"))], unit: Unit::Duration("s"), since: V4_1 },
    Rename { new: "keyspaces_warn_threshold", old: &[("keyspace_count_warn_threshold", None)], unit: Unit::None, since: V5_0 },
    Rename { new: "tables_warn_threshold", old: &[("table_count_warn_threshold", None)], unit: Unit::None, since: V5_0 },
    Rename { new: "partition_size_warn_threshold", old: &[("compaction_large_partition_warning_threshold_mb", Some("MiB")), ("compaction_large_partition_warning_threshold", None)], unit: Unit::Storage("B"), since: V5_0 },
    Rename { new: "partition_tombstones_warn_threshold", old: &[("compaction_tombstone_warning_threshold", None)], unit: Unit::None, since: V5_0 },
];
