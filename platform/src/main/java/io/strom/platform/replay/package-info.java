/**
 * {@code ./strom replay}: reprocessing by replaying the log. A copy of a running PostgreSQL sink
 * with a new rule version, under a new name (a new consumer group and new offsets rows), reads its
 * topics from the earliest offsets into a table set of its own; the command shows how far it is
 * behind until it has caught up, and can then switch stable views to the new tables.
 */
package io.strom.platform.replay;
