DROP TABLE runtime_settings;
DROP TABLE system_events;
DROP TABLE jobs;
DROP TABLE processed_events;
