package dev.vision.serve.store;

import dev.vision.core.testing.Postgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** The event store in a real PostgreSQL server, started for the test. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresEventStoreTest extends EventStoreChecks {

    private Postgres server;
    private int stores;

    @BeforeAll
    void start() throws Exception {
        server = Postgres.start();
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /** A fresh schema each time: the tables dropped. */
    @Override
    StoreLocation freshStore() throws Exception {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl());
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA public CASCADE");
            s.execute("CREATE SCHEMA public");
        }
        stores++;
        return StoreLocation.parse(server.jdbcUrl());
    }
}
