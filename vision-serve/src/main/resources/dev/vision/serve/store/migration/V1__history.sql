-- Every tracked object and every event of every camera. The same file migrates SQLite and PostgreSQL:
-- ${id_column} is the one thing they spell differently (an auto-incremented 64-bit key).

CREATE TABLE objects (
    id ${id_column},
    camera VARCHAR(200) NOT NULL,
    track_id BIGINT NOT NULL,
    label VARCHAR(200) NOT NULL,
    first_seen_ms BIGINT NOT NULL,
    last_seen_ms BIGINT NOT NULL,
    first_media_ms BIGINT NOT NULL,
    last_media_ms BIGINT NOT NULL,
    best_score REAL NOT NULL,
    top_speed_mps REAL,
    clip VARCHAR(1000),
    is_open INTEGER NOT NULL
);
CREATE INDEX objects_camera_seen ON objects (camera, first_seen_ms);
CREATE INDEX objects_seen ON objects (first_seen_ms);
CREATE INDEX objects_open ON objects (is_open);

CREATE TABLE events (
    id ${id_column},
    camera VARCHAR(200) NOT NULL,
    at_ms BIGINT NOT NULL,
    media_ms BIGINT NOT NULL,
    frame BIGINT NOT NULL,
    type VARCHAR(40) NOT NULL,
    object_id BIGINT,
    track_id BIGINT,
    label VARCHAR(200),
    line VARCHAR(200),
    zone VARCHAR(200),
    direction VARCHAR(10),
    dwell_ms BIGINT,
    detail VARCHAR(1000),
    clip VARCHAR(1000)
);
CREATE INDEX events_camera_time ON events (camera, at_ms);
CREATE INDEX events_time ON events (at_ms);
CREATE INDEX events_line_time ON events (line, at_ms);
CREATE INDEX events_zone_time ON events (zone, at_ms);
CREATE INDEX events_object ON events (object_id);
