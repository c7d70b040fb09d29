package io.strom.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's state, kept in a compacted single-partition Kafka topic ({@link SchemaLog}, like Confluent's
 * {@code _schemas}) and replayed into memory by every instance. The log is the only truth:
 * records are applied in log order by deterministic rules, so every instance that has read the
 * same prefix holds the same state, and a restarted instance gets every id back.
 *
 * <p>Writes need no leader: a writer catches up with the log, computes the next id and version,
 * appends a claim and waits until it has applied its own record. Two instances claiming the same
 * version or id at once both append; the first claim in the log wins everywhere, and the loser
 * deletes its claim (a tombstone on its own key) and tries again.
 *
 * <p>A writer that crashes between its losing claim and that tombstone leaves the claim in the
 * log. Replaying it loses again, as long as the winner is in the log; but once the winner is
 * hard-deleted and compaction has removed it, a fresh replay would let the stale claim win and
 * resolve an id to another schema. So every instance deletes every losing claim it reads that
 * has no tombstone after it: at once while running, and after the replay on start-up (a claim
 * whose tombstone follows later in the log needs none).
 *
 * <p>Record keys: {@code {"keytype":"SCHEMA","subject","version","id","md5"}} (value: subject,
 * version, id, schema, deleted; a tombstone is a hard delete), {@code {"keytype":"CONFIG",
 * "subject"}} (value: compatibilityLevel; subject null for the global level) and
 * {@code {"keytype":"MAX_ID"}}, written before a hard delete so that ids are never reused even
 * after compaction removed the deleted schema.
 */
public final class SchemaStore implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SchemaStore.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int WRITE_ATTEMPTS = 5;

  private final SchemaLog schemaLog;
  private final String topic;
  private final CompatibilityLevel defaultLevel;

  // State, guarded by "this"; changed only by the reader thread applying the log.
  private final Map<String, TreeMap<Integer, VersionEntry>> subjects = new TreeMap<>();
  private final Map<Integer, StoredSchema> schemasById = new HashMap<>();
  private final Map<String, Integer> idsByCanonical = new HashMap<>();
  private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
  private CompatibilityLevel globalLevel;
  private int maxId;
  /** Keys of losing claims seen during the start-up replay and not yet followed by their tombstone. */
  private final Set<String> losersWithoutTombstone = new LinkedHashSet<>();
  private boolean replayed;

  /** Serializes this instance's writers (read, decide, append, wait). */
  private final Object writeLock = new Object();

  private static final class VersionEntry {
    final int id;
    final String md5;
    final boolean deleted;

    VersionEntry(int id, String md5, boolean deleted) {
      this.id = id;
      this.md5 = md5;
      this.deleted = deleted;
    }
  }

  private static final class StoredSchema {
    final String canonical;
    final Schema parsed;
    int references;

    StoredSchema(String canonical, Schema parsed) {
      this.canonical = canonical;
      this.parsed = parsed;
    }
  }

  /** A version of a subject as the API returns it. */
  public static final class SubjectVersion {
    public final String subject;
    public final int version;
    public final int id;
    public final String schema;

    SubjectVersion(String subject, int version, int id, String schema) {
      this.subject = subject;
      this.version = version;
      this.id = id;
      this.schema = schema;
    }
  }

  /**
   * Connects to Kafka, creates the topic when missing (compacted, one partition) and replays it.
   *
   * @param replicationFactor for a new topic; empty takes the broker's default
   */
  public SchemaStore(String bootstrapServers, String topic, Optional<Short> replicationFactor,
      CompatibilityLevel defaultLevel, Map<String, Object> extraClientProps) {
    this.topic = topic;
    this.defaultLevel = defaultLevel;
    this.globalLevel = defaultLevel;
    this.schemaLog = new SchemaLog(bootstrapServers, topic, replicationFactor, extraClientProps);
    try {
      schemaLog.start(this::applyAll);
    } catch (RuntimeException e) {
      schemaLog.close();
      throw e;
    }
    deleteLosersLeftByCrashes();
    log.info("Schema store on topic {} ready: {} subjects, {} schemas, next id {}", topic, subjects.size(),
        schemasById.size(), maxId + 1);
  }

  // ---------------------------------------------------------------- applying the log

  private synchronized void deleteLosersLeftByCrashes() {
    replayed = true;
    if (!losersWithoutTombstone.isEmpty()) {
      log.info("Deleting {} losing claims in {} that their writers left without a tombstone (a crash before "
          + "the retry)", losersWithoutTombstone.size(), topic);
      losersWithoutTombstone.forEach(key -> schemaLog.appendInBackground(key, null));
      losersWithoutTombstone.clear();
    }
  }

  /** A claim that lost to an earlier record: its tombstone keeps a later, compacted replay from reviving it. */
  private void lostClaim(String keyText) {
    if (replayed) {
      schemaLog.appendInBackground(keyText, null);
    } else {
      losersWithoutTombstone.add(keyText);
    }
  }

  private synchronized void applyAll(ConsumerRecords<String, String> records) {
    for (ConsumerRecord<String, String> record : records) {
      apply(record.key(), record.value());
    }
  }

  private void apply(String keyText, String valueText) {
    JsonNode key;
    JsonNode value;
    try {
      key = JSON.readTree(keyText);
      value = valueText == null ? null : JSON.readTree(valueText);
    } catch (java.io.IOException e) {
      log.warn("Skipping a record of {} that is not JSON: {}", topic, keyText);
      return;
    }
    switch (key.path("keytype").asText()) {
      case "SCHEMA":
        applySchema(keyText, key, value);
        break;
      case "CONFIG": {
        String subject = key.path("subject").isNull() ? null : key.path("subject").asText(null);
        CompatibilityLevel level;
        try {
          level = value == null ? null : CompatibilityLevel.parse(value.path("compatibilityLevel").asText());
        } catch (RegistryException e) {
          log.warn("Skipping a config record of {} with an unknown level: {}", topic, valueText);
          return;
        }
        if (subject == null) {
          globalLevel = level == null ? defaultLevel : level;
        } else if (level == null) {
          subjectLevels.remove(subject);
        } else {
          subjectLevels.put(subject, level);
        }
        break;
      }
      case "MAX_ID":
        if (value != null) {
          maxId = Math.max(maxId, value.path("maxId").asInt());
        }
        break;
      default:
        log.debug("Ignoring record of unknown key type in {}: {}", topic, keyText);
    }
  }

  private void applySchema(String keyText, JsonNode key, JsonNode value) {
    String subject = key.path("subject").asText();
    int version = key.path("version").asInt();
    int id = key.path("id").asInt();
    String md5 = key.path("md5").asText();
    TreeMap<Integer, VersionEntry> versions = subjects.get(subject);
    VersionEntry existing = versions == null ? null : versions.get(version);
    if (value == null) {
      losersWithoutTombstone.remove(keyText);
      if (existing != null && existing.id == id && existing.md5.equals(md5)) {
        versions.remove(version);
        if (versions.isEmpty()) {
          subjects.remove(subject);
        }
        release(id);
      }
      return;
    }
    String canonical = value.path("schema").asText();
    StoredSchema stored = schemasById.get(id);
    Integer idOfSchema = idsByCanonical.get(canonical);
    boolean versionTaken = existing != null && (existing.id != id || !existing.md5.equals(md5));
    boolean idTaken = stored != null && !stored.canonical.equals(canonical);
    boolean schemaHasOtherId = idOfSchema != null && idOfSchema != id;
    if (versionTaken || idTaken || schemaHasOtherId) {
      lostClaim(keyText);
      return;
    }
    if (stored == null) {
      Schema parsed;
      try {
        parsed = new Schema.Parser().parse(canonical);
      } catch (RuntimeException e) {
        log.warn("Skipping schema id {} of {} that does not parse: {}", id, subject, e.getMessage());
        return;
      }
      stored = new StoredSchema(canonical, parsed);
      schemasById.put(id, stored);
      idsByCanonical.put(canonical, id);
    }
    if (existing == null) {
      stored.references++;
    }
    subjects.computeIfAbsent(subject, s -> new TreeMap<>())
        .put(version, new VersionEntry(id, md5, value.path("deleted").asBoolean(false)));
    maxId = Math.max(maxId, id);
  }

  private void release(int id) {
    StoredSchema stored = schemasById.get(id);
    if (stored != null && --stored.references == 0) {
      schemasById.remove(id);
      idsByCanonical.remove(stored.canonical);
    }
  }

  /** Waits until this instance has applied everything in the log up to now. */
  public void catchUp() {
    schemaLog.catchUp();
  }

  private long append(ObjectNode key, ObjectNode value) {
    return schemaLog.append(key.toString(), value == null ? null : value.toString());
  }

  private void awaitApplied(long position) {
    schemaLog.awaitApplied(position);
  }

  private static ObjectNode schemaKey(String subject, int version, int id, String md5) {
    ObjectNode key = JSON.createObjectNode();
    key.put("keytype", "SCHEMA");
    key.put("subject", subject);
    key.put("version", version);
    key.put("id", id);
    key.put("md5", md5);
    return key;
  }

  private static ObjectNode schemaValue(String subject, int version, int id, String schema, boolean deleted) {
    ObjectNode value = JSON.createObjectNode();
    value.put("subject", subject);
    value.put("version", version);
    value.put("id", id);
    value.put("schema", schema);
    value.put("deleted", deleted);
    return value;
  }

  private static String md5(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is part of every JDK", e);
    }
  }

  // ---------------------------------------------------------------- schemas

  /** Parses a schema as given by a client; the canonical form is what ids are assigned to. */
  static Schema parse(String schemaText) {
    if (schemaText == null || schemaText.isBlank()) {
      throw RegistryException.invalidSchema("the schema is empty");
    }
    try {
      return new Schema.Parser().parse(schemaText);
    } catch (SchemaParseException | org.apache.avro.AvroTypeException e) {
      throw RegistryException.invalidSchema(e.getMessage());
    }
  }

  /**
   * Registers a schema under a subject: its id, the existing one when this schema is already a
   * live version of the subject or registered elsewhere. Fails with 409 when the subject's
   * compatibility level forbids it.
   */
  public int register(String subject, Schema schema) {
    String canonical = schema.toString();
    String md5 = md5(canonical);
    synchronized (writeLock) {
      for (int attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
        catchUp();
        int id;
        int version;
        synchronized (this) {
          Integer known = liveVersionOf(subject, canonical);
          if (known != null) {
            return subjects.get(subject).get(known).id;
          }
          List<String> problems = level(subject).incompatibilities(schema, liveSchemas(subject));
          if (!problems.isEmpty()) {
            throw RegistryException.incompatible("Schema being registered is incompatible with an earlier schema for "
                + "subject \"" + subject + "\", details: " + problems);
          }
          Integer existingId = idsByCanonical.get(canonical);
          id = existingId != null ? existingId : maxId + 1;
          TreeMap<Integer, VersionEntry> versions = subjects.get(subject);
          version = versions == null || versions.isEmpty() ? 1 : versions.lastKey() + 1;
        }
        ObjectNode key = schemaKey(subject, version, id, md5);
        long offset = append(key, schemaValue(subject, version, id, canonical, false));
        awaitApplied(offset + 1);
        synchronized (this) {
          TreeMap<Integer, VersionEntry> versions = subjects.get(subject);
          VersionEntry entry = versions == null ? null : versions.get(version);
          if (entry != null && entry.id == id && entry.md5.equals(md5)) {
            log.info("Registered schema id {} as version {} of subject {}", id, version, subject);
            return id;
          }
        }
        log.info("Another registry instance claimed version {} of {} or id {} first; retrying", version, subject, id);
        append(key, null);
      }
      throw RegistryException.storeError("could not register under " + subject + " after " + WRITE_ATTEMPTS
          + " attempts: other instances kept writing", null);
    }
  }

  private Integer liveVersionOf(String subject, String canonical) {
    TreeMap<Integer, VersionEntry> versions = subjects.get(subject);
    Integer id = idsByCanonical.get(canonical);
    if (versions == null || id == null) {
      return null;
    }
    for (Map.Entry<Integer, VersionEntry> entry : versions.entrySet()) {
      if (entry.getValue().id == id && !entry.getValue().deleted) {
        return entry.getKey();
      }
    }
    return null;
  }

  private List<CompatibilityLevel.Existing> liveSchemas(String subject) {
    List<CompatibilityLevel.Existing> live = new ArrayList<>();
    TreeMap<Integer, VersionEntry> versions = subjects.get(subject);
    if (versions != null) {
      for (Map.Entry<Integer, VersionEntry> entry : versions.entrySet()) {
        if (!entry.getValue().deleted) {
          live.add(new CompatibilityLevel.Existing(entry.getKey(), schemasById.get(entry.getValue().id).parsed));
        }
      }
    }
    return live;
  }

  /** The version of {@code subject} that holds this schema (POST /subjects/{subject}). */
  public synchronized SubjectVersion lookUp(String subject, Schema schema, boolean includeDeleted) {
    TreeMap<Integer, VersionEntry> versions = versionsOf(subject, includeDeleted);
    Integer id = idsByCanonical.get(schema.toString());
    if (id != null) {
      for (Map.Entry<Integer, VersionEntry> entry : versions.entrySet()) {
        if (entry.getValue().id == id && (includeDeleted || !entry.getValue().deleted)) {
          return new SubjectVersion(subject, entry.getKey(), id, schemasById.get(id).canonical);
        }
      }
    }
    throw RegistryException.schemaNotFound();
  }

  /** Is {@code schema} compatible with the given version (or, with null, the versions the level checks)? */
  public synchronized List<String> compatibilityProblems(String subject, String version, Schema schema) {
    List<CompatibilityLevel.Existing> against;
    if (version == null) {
      against = liveSchemas(subject);
    } else {
      SubjectVersion existing = version(subject, version, false);
      against = List.of(new CompatibilityLevel.Existing(existing.version, schemasById.get(existing.id).parsed));
    }
    return level(subject).incompatibilities(schema, against);
  }

  public synchronized String schemaById(int id) {
    StoredSchema stored = schemasById.get(id);
    if (stored == null) {
      throw RegistryException.schemaNotFound(id);
    }
    return stored.canonical;
  }

  /** The subject/version pairs that use schema {@code id}. */
  public synchronized List<SubjectVersion> versionsOfId(int id, boolean includeDeleted) {
    schemaById(id);
    List<SubjectVersion> uses = new ArrayList<>();
    for (Map.Entry<String, TreeMap<Integer, VersionEntry>> subject : subjects.entrySet()) {
      for (Map.Entry<Integer, VersionEntry> version : subject.getValue().entrySet()) {
        if (version.getValue().id == id && (includeDeleted || !version.getValue().deleted)) {
          uses.add(new SubjectVersion(subject.getKey(), version.getKey(), id, null));
        }
      }
    }
    return uses;
  }

  public synchronized List<String> subjects(boolean includeDeleted) {
    List<String> names = new ArrayList<>();
    for (Map.Entry<String, TreeMap<Integer, VersionEntry>> subject : subjects.entrySet()) {
      if (includeDeleted || subject.getValue().values().stream().anyMatch(v -> !v.deleted)) {
        names.add(subject.getKey());
      }
    }
    return names;
  }

  public synchronized List<Integer> versions(String subject, boolean includeDeleted) {
    List<Integer> numbers = new ArrayList<>();
    for (Map.Entry<Integer, VersionEntry> entry : versionsOf(subject, includeDeleted).entrySet()) {
      if (includeDeleted || !entry.getValue().deleted) {
        numbers.add(entry.getKey());
      }
    }
    return numbers;
  }

  /** Versions of a subject; 40401 when it has none (none live, unless deleted ones count). */
  private TreeMap<Integer, VersionEntry> versionsOf(String subject, boolean includeDeleted) {
    TreeMap<Integer, VersionEntry> versions = subjects.get(subject);
    if (versions == null || (!includeDeleted && versions.values().stream().allMatch(v -> v.deleted))) {
      throw RegistryException.subjectNotFound(subject);
    }
    return versions;
  }

  /** One version: a number, {@code latest} or {@code -1}; 42202 for anything else. */
  public synchronized SubjectVersion version(String subject, String version, boolean includeDeleted) {
    TreeMap<Integer, VersionEntry> versions = versionsOf(subject, includeDeleted);
    int number = parseVersion(version);
    if (number == -1) {
      for (Map.Entry<Integer, VersionEntry> entry : versions.descendingMap().entrySet()) {
        if (includeDeleted || !entry.getValue().deleted) {
          return new SubjectVersion(subject, entry.getKey(), entry.getValue().id,
              schemasById.get(entry.getValue().id).canonical);
        }
      }
    }
    VersionEntry entry = versions.get(number);
    if (entry == null || (entry.deleted && !includeDeleted)) {
      throw RegistryException.versionNotFound(number);
    }
    return new SubjectVersion(subject, number, entry.id, schemasById.get(entry.id).canonical);
  }

  static int parseVersion(String version) {
    if ("latest".equals(version)) {
      return -1;
    }
    try {
      int number = Integer.parseInt(version);
      if (number == -1 || number >= 1) {
        return number;
      }
    } catch (NumberFormatException e) {
      // falls through to the error
    }
    throw RegistryException.invalidVersion(version);
  }

  // ---------------------------------------------------------------- deletes

  /** Soft or hard delete of one version; returns its number. */
  public int deleteVersion(String subject, String versionText, boolean permanent) {
    synchronized (writeLock) {
      catchUp();
      SubjectVersion target;
      VersionEntry entry;
      synchronized (this) {
        // A number may name an already soft-deleted version (to report it as such); "latest" means
        // the latest live one unless the delete is permanent.
        boolean latest = parseVersion(versionText) == -1;
        target = version(subject, versionText, permanent || !latest);
        entry = subjects.get(subject).get(target.version);
        if (permanent && !entry.deleted) {
          throw RegistryException.versionNotSoftDeleted(subject, target.version);
        }
        if (!permanent && entry.deleted) {
          throw RegistryException.versionSoftDeleted(subject, target.version);
        }
      }
      delete(subject, target.version, entry, permanent);
      return target.version;
    }
  }

  /** Soft or hard delete of every version of a subject; returns their numbers. */
  public List<Integer> deleteSubject(String subject, boolean permanent) {
    synchronized (writeLock) {
      catchUp();
      Map<Integer, VersionEntry> targets;
      synchronized (this) {
        TreeMap<Integer, VersionEntry> versions = subjects.get(subject);
        if (versions == null) {
          throw RegistryException.subjectNotFound(subject);
        }
        boolean allSoftDeleted = versions.values().stream().allMatch(v -> v.deleted);
        if (permanent && !allSoftDeleted) {
          throw RegistryException.subjectNotSoftDeleted(subject);
        }
        if (!permanent && allSoftDeleted) {
          throw RegistryException.subjectSoftDeleted(subject);
        }
        targets = new TreeMap<>(versions);
      }
      List<Integer> deleted = new ArrayList<>();
      for (Map.Entry<Integer, VersionEntry> entry : targets.entrySet()) {
        if (permanent || !entry.getValue().deleted) {
          delete(subject, entry.getKey(), entry.getValue(), permanent);
          deleted.add(entry.getKey());
        }
      }
      if (permanent && subjectLevel(subject) != null) {
        awaitApplied(append(configKey(subject), null) + 1);
      }
      return deleted;
    }
  }

  private void delete(String subject, int version, VersionEntry entry, boolean permanent) {
    ObjectNode key = schemaKey(subject, version, entry.id, entry.md5);
    long offset;
    if (permanent) {
      ObjectNode maxIdKey = JSON.createObjectNode().put("keytype", "MAX_ID");
      int currentMax;
      synchronized (this) {
        currentMax = maxId;
      }
      append(maxIdKey, JSON.createObjectNode().put("maxId", currentMax));
      offset = append(key, null);
    } else {
      String schema;
      synchronized (this) {
        schema = schemasById.get(entry.id).canonical;
      }
      offset = append(key, schemaValue(subject, version, entry.id, schema, true));
    }
    awaitApplied(offset + 1);
    log.info("{} deleted version {} of subject {}", permanent ? "Permanently" : "Soft", version, subject);
  }

  // ---------------------------------------------------------------- compatibility config

  public synchronized CompatibilityLevel globalLevel() {
    return globalLevel;
  }

  /** The subject's own level, or null when it has none. */
  public synchronized CompatibilityLevel subjectLevel(String subject) {
    return subjectLevels.get(subject);
  }

  private CompatibilityLevel level(String subject) {
    CompatibilityLevel level = subjectLevels.get(subject);
    return level != null ? level : globalLevel;
  }

  /** Sets the global level (subject null) or a subject's; null removes it. Returns the previous one. */
  public CompatibilityLevel setLevel(String subject, CompatibilityLevel level) {
    synchronized (writeLock) {
      catchUp();
      CompatibilityLevel previous;
      synchronized (this) {
        previous = subject == null ? globalLevel : subjectLevels.get(subject);
      }
      ObjectNode value = level == null ? null : JSON.createObjectNode().put("compatibilityLevel", level.name());
      awaitApplied(append(configKey(subject), value) + 1);
      return previous;
    }
  }

  private static ObjectNode configKey(String subject) {
    ObjectNode key = JSON.createObjectNode();
    key.put("keytype", "CONFIG");
    if (subject == null) {
      key.putNull("subject");
    } else {
      key.put("subject", subject);
    }
    return key;
  }

  /** Subjects known to the store, deleted ones included (for config checks). */
  public synchronized Set<String> allSubjects() {
    return Collections.unmodifiableSet(new TreeSet<>(subjects.keySet()));
  }

  @Override
  public void close() {
    schemaLog.close();
  }
}
