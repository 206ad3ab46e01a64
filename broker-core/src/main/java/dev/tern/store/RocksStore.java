package dev.tern.store;

import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * {@code persistence.type = rocksdb}: one embedded RocksDB with a column family per kind of record (see
 * {@link StoreKeys} for the key layouts, {@link StoreCodec} for the values). Every commit goes through
 * the write-ahead log; with {@code sync} it is also fsynced, once per batch (group commit).
 *
 * <p>Tuned for a small box: a 16 MB block cache shared by all families (reads happen only at start-up),
 * 8 MB memtables, LZ4, two background jobs, and a cap on the WAL so a rarely written family (retained)
 * cannot pin old log files.
 */
public final class RocksStore implements SessionStore {

    /** Layout of the whole store (families and keys); values carry their own {@link StoreCodec#FORMAT}. */
    static final int STORE_FORMAT = 2;
    /**
     * Formats this Tern opens: 1 lacks only the sent marks of format 2 (a QoS 1 delivery was then always
     * stored with its packet id), so it is read as is and marked 2. A Tern that reads only format 1 refuses a
     * format 2 store with a clear message instead of misreading a sent mark as a delivery.
     */
    static final int OLDEST_READABLE_FORMAT = 1;

    static final String SESSIONS = "sessions";
    static final String SUBSCRIPTIONS = "subscriptions";
    static final String DELIVERIES = "deliveries";
    static final String QOS2 = "qos2";
    static final String WILLS = "wills";
    static final String RETAINED = "retained";
    static final String META = "meta";
    static final byte[] FORMAT_KEY = "format".getBytes(StandardCharsets.UTF_8);

    private static final List<String> FAMILIES = List.of(SESSIONS, SUBSCRIPTIONS, DELIVERIES, QOS2, WILLS, RETAINED, META);
    private static final String DEFAULT_FAMILY = new String(RocksDB.DEFAULT_COLUMN_FAMILY, StandardCharsets.UTF_8);
    private static final Logger log = LoggerFactory.getLogger(RocksStore.class);

    static {
        RocksDB.loadLibrary();
    }

    private final Path dir;
    private final Natives natives;
    private final RocksDB db;
    private final Map<String, ColumnFamilyHandle> families;
    private final boolean sync;
    private final Set<RocksBatch> batches = ConcurrentHashMap.newKeySet();
    // Commits and recovery hold the read side; close takes the write side so no native call outlives the DB.
    private final ReadWriteLock closing = new ReentrantReadWriteLock();
    private boolean closed;

    private RocksStore(Path dir, Natives natives, RocksDB db, Map<String, ColumnFamilyHandle> families, boolean sync) {
        this.dir = dir;
        this.natives = natives;
        this.db = db;
        this.families = families;
        this.sync = sync;
    }

    /**
     * Opens the store in {@code dir}, creating it if needed.
     *
     * @param sync fsync the WAL at every commit (survives power loss); without it a commit survives a
     *             crash of the process ({@code kill -9}) but not of the machine
     * @throws StoreException with one sentence naming the directory and the cause
     */
    public static RocksStore open(Path dir, boolean sync) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StoreException("cannot create the store directory " + dir + " (" + e + ")", e);
        }
        if (!Files.isWritable(dir)) {
            throw new StoreException("the store directory " + dir + " is not writable by this user");
        }
        boolean existing = Files.exists(dir.resolve("CURRENT"));
        List<String> names = existing ? existingFamilies(dir) : new ArrayList<>(FAMILIES);
        Natives natives = new Natives(sync);
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, natives.cfOptions));
        for (String name : FAMILIES) {
            descriptors.add(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8), natives.cfOptions));
        }
        // A newer Tern may have added families; RocksDB refuses to open without them, and we want to
        // reach the format check to say so clearly.
        for (String name : names) {
            if (!name.equals(DEFAULT_FAMILY) && !FAMILIES.contains(name)) {
                descriptors.add(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8), natives.cfOptions));
            }
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        RocksDB db;
        try {
            db = RocksDB.open(natives.dbOptions, dir.toString(), descriptors, handles);
        } catch (RocksDBException e) {
            natives.close();
            throw openFailure(dir, e);
        }
        Map<String, ColumnFamilyHandle> families = new LinkedHashMap<>();
        for (int i = 0; i < handles.size(); i++) {
            families.put(new String(descriptors.get(i).getName(), StandardCharsets.UTF_8), handles.get(i));
        }
        RocksStore store = new RocksStore(dir, natives, db, families, sync);
        try {
            store.checkFormat(existing);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        log.info("opened the store at {} (sync = {}, format {})", dir, sync, STORE_FORMAT);
        return store;
    }

    private static List<String> existingFamilies(Path dir) {
        try (Options options = new Options()) {
            List<String> names = new ArrayList<>();
            for (byte[] name : RocksDB.listColumnFamilies(options, dir.toString())) {
                names.add(new String(name, StandardCharsets.UTF_8));
            }
            if (!names.contains(META)) {
                throw new StoreException("the directory " + dir + " holds a RocksDB database that is not a Tern store"
                        + " (no '" + META + "' column family)");
            }
            return names;
        } catch (RocksDBException e) {
            throw openFailure(dir, e);
        }
    }

    private static StoreException openFailure(Path dir, RocksDBException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("LOCK")) {
            return new StoreException("another Tern process holds the store at " + dir
                    + " (LOCK); stop it or point persistence at another directory", e);
        }
        if (message.contains("Permission denied")) {
            return new StoreException("the store at " + dir + " is not accessible (permission denied): " + message, e);
        }
        return new StoreException("cannot open the store at " + dir + ": " + message, e);
    }

    private void checkFormat(boolean existing) {
        ColumnFamilyHandle meta = families.get(META);
        try {
            byte[] value = db.get(meta, FORMAT_KEY);
            if (value == null && !existing) {
                try (WriteOptions once = new WriteOptions().setSync(true)) {
                    db.put(meta, once, FORMAT_KEY, formatBytes(STORE_FORMAT));
                }
                return;
            }
            if (value == null || value.length != 4) {
                throw new StoreException("the store at " + dir + " has no readable format marker; it was not"
                        + " written by Tern, or is damaged");
            }
            int format = (value[0] & 0xFF) << 24 | (value[1] & 0xFF) << 16 | (value[2] & 0xFF) << 8 | value[3] & 0xFF;
            if (format < OLDEST_READABLE_FORMAT || format > STORE_FORMAT) {
                throw new StoreException("store at " + dir + " has format " + format + ", this Tern reads formats "
                        + OLDEST_READABLE_FORMAT + " to " + STORE_FORMAT
                        + "; use the Tern version that wrote it, or move the directory away to start empty");
            }
            if (format < STORE_FORMAT) {
                try (WriteOptions once = new WriteOptions().setSync(true)) {
                    db.put(meta, once, FORMAT_KEY, formatBytes(STORE_FORMAT));
                }
                log.info("the store at {} was format {}; it is format {} from now on (older Tern versions will "
                        + "refuse it)", dir, format, STORE_FORMAT);
            }
        } catch (RocksDBException e) {
            throw new StoreException("cannot read the format of the store at " + dir + ": " + e.getMessage(), e);
        }
    }

    static byte[] formatBytes(int format) {
        return new byte[] {(byte) (format >>> 24), (byte) (format >>> 16), (byte) (format >>> 8), (byte) format};
    }

    @Override
    public boolean durable() {
        return true;
    }

    @Override
    public Batch newBatch() {
        closing.readLock().lock();
        try {
            checkOpen();
            RocksBatch batch = new RocksBatch(this);
            batches.add(batch);
            return batch;
        } finally {
            closing.readLock().unlock();
        }
    }

    void write(WriteBatch batch) {
        closing.readLock().lock();
        try {
            checkOpen();
            db.write(natives.writeOptions, batch);
        } catch (RocksDBException e) {
            throw new StoreException("commit to the store at " + dir + " failed: " + e.getMessage(), e);
        } finally {
            closing.readLock().unlock();
        }
    }

    @Override
    public void recover(Consumer<StoredSession> sessions, BiConsumer<String, StoredMessage> retained) {
        closing.readLock().lock();
        try {
            checkOpen();
            new Recovery(this).run(sessions, retained);
        } finally {
            closing.readLock().unlock();
        }
    }

    /** Iterates one family in key order; a value that cannot be decoded names the family and the key. */
    void forEach(String family, BiConsumer<byte[], byte[]> action) {
        try (RocksIterator it = db.newIterator(families.get(family))) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] key = it.key();
                try {
                    action.accept(key, it.value());
                } catch (StoreException e) { // the codec reports every malformed value this way
                    throw new StoreException("the store at " + dir + " has an unreadable " + family + " entry '"
                            + new String(key, StandardCharsets.UTF_8).replace('\0', '/') + "': " + e.getMessage(), e);
                }
            }
            it.status();
        } catch (RocksDBException e) {
            throw new StoreException("reading " + family + " from the store at " + dir + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        closing.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            batches.forEach(RocksBatch::release);
            batches.clear();
            if (!sync) {
                syncWalQuietly();
            }
            // Order matters to RocksDB: column family handles, then the database, then the options.
            families.values().forEach(ColumnFamilyHandle::close);
            try {
                db.closeE();
            } catch (RocksDBException e) {
                log.warn("closing the store at {} reported: {}", dir, e.getMessage());
            }
            natives.close();
            log.info("closed the store at {}", dir);
        } finally {
            closing.writeLock().unlock();
        }
    }

    /** Without per-commit sync, a clean shutdown still leaves nothing in the page cache only. */
    private void syncWalQuietly() {
        try {
            db.syncWal();
        } catch (RocksDBException e) {
            log.warn("syncing the WAL of the store at {} failed: {}", dir, e.getMessage());
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new StoreException("the store at " + dir + " is closed");
        }
    }

    Path dir() {
        return dir;
    }

    ColumnFamilyHandle sessions() {
        return families.get(SESSIONS);
    }

    ColumnFamilyHandle subscriptions() {
        return families.get(SUBSCRIPTIONS);
    }

    ColumnFamilyHandle deliveries() {
        return families.get(DELIVERIES);
    }

    ColumnFamilyHandle qos2() {
        return families.get(QOS2);
    }

    ColumnFamilyHandle wills() {
        return families.get(WILLS);
    }

    ColumnFamilyHandle retained() {
        return families.get(RETAINED);
    }

    /** The native option objects, created together and closed together after the database. */
    private static final class Natives {
        final LRUCache blockCache = new LRUCache(16L << 20);
        final ColumnFamilyOptions cfOptions = new ColumnFamilyOptions()
                .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(blockCache))
                .setCompressionType(CompressionType.LZ4_COMPRESSION)
                .setWriteBufferSize(8L << 20)
                .setMaxWriteBufferNumber(2);
        final DBOptions dbOptions = new DBOptions()
                .setCreateIfMissing(true)
                .setCreateMissingColumnFamilies(true)
                .setMaxBackgroundJobs(2)
                .setMaxTotalWalSize(64L << 20)
                .setKeepLogFileNum(5)
                .setMaxLogFileSize(4L << 20);
        final WriteOptions writeOptions;

        Natives(boolean sync) {
            // The WAL stays on in every configuration: it is what makes a commit survive kill -9.
            writeOptions = new WriteOptions().setSync(sync).setDisableWAL(false);
        }

        void close() {
            writeOptions.close();
            dbOptions.close();
            cfOptions.close();
            blockCache.close();
        }
    }
}
