package dev.vision.serve.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vision.core.InvalidSettingException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The event store in a SQLite file. */
class SqliteEventStoreTest extends EventStoreChecks {

    @TempDir
    Path dir;

    private int stores;

    @Override
    StoreLocation freshStore() {
        return StoreLocation.parse(dir.resolve("history-" + ++stores + ".db").toString());
    }

    @Test
    void theFileIsInWalModeAndObjectsACrashLeftOpenAreClosedOnTheNextOpenWithOneLine() throws Exception {
        StoreLocation where = freshStore();
        try (EventStore store = EventStore.open(where, line -> {})) {
            StoreSink sink = new StoreSink(store, s -> "door", Clock.systemUTC());
            sink.accept(frame(0, 1, List.of(person(7, 0.8f))), null);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (store.writer().figures().objectsWritten() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            // the sink is never closed, as when the process is killed
        }
        try (Connection c = DriverManager.getConnection(where.jdbcUrl());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
            rs.next();
            assertEquals("wal", rs.getString(1));
        }
        List<String> said = new ArrayList<>();
        try (EventStore store = EventStore.open(where, said::add)) {
            assertEquals(1, said.size(), said.toString());
            assertTrue(said.get(0).contains("1 object(s) were left open"), said.get(0));
            assertFalse(store.object(1).orElseThrow().open(), "closed");
        }
    }

    @Test
    void anotherDatabaseUrlIsRefusedWithWhatIsSupported() {
        var e = assertThrows(InvalidSettingException.class, () -> StoreLocation.parse("jdbc:mysql://x/y"));
        assertTrue(e.getMessage().contains("SQLite"), e.getMessage());
    }
}
