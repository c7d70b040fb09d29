// Clients Strom did not write, driven by ConfluentClientInteropIT: Confluent's Node.js Schema
// Registry client and Avro serdes (@confluentinc/schemaregistry) with kafkajs. Each subcommand
// prints one JSON document on stdout for the test to check.
//
//   node interop.mjs produce BOOTSTRAP REGISTRY TOPIC V1_COUNT V2_COUNT
//   node interop.mjs consume BOOTSTRAP REGISTRY TOPIC COUNT
//   node interop.mjs registry REGISTRY SUBJECT
import { Kafka, logLevel } from 'kafkajs';
import { AvroDeserializer, AvroSerializer, SchemaRegistryClient, SerdeType } from '@confluentinc/schemaregistry';

const USER_V1 = {
  type: 'record', name: 'User', namespace: 'interop',
  fields: [{ name: 'name', type: 'string' }, { name: 'age', type: 'int' }],
};
const USER_V2 = {
  ...USER_V1,
  fields: [...USER_V1.fields, { name: 'email', type: ['null', 'string'], default: null }],
};

function kafka(bootstrap) {
  return new Kafka({ clientId: 'strom-interop', brokers: [bootstrap], logLevel: logLevel.ERROR });
}

function registry(url) {
  return new SchemaRegistryClient({ baseURLs: [url] });
}

/** A serializer that writes with one given schema: registered first, then named by its id. */
async function serializerFor(client, subject, schema) {
  const id = await client.register(subject, { schemaType: 'AVRO', schema: JSON.stringify(schema) });
  return [id, new AvroSerializer(client, SerdeType.VALUE, { useSchemaId: id })];
}

async function produce(bootstrap, registryUrl, topic, v1Count, v2Count) {
  const client = registry(registryUrl);
  const admin = kafka(bootstrap).admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  await admin.disconnect();
  const [v1Id, v1] = await serializerFor(client, `${topic}-value`, USER_V1);
  const [v2Id, v2] = await serializerFor(client, `${topic}-value`, USER_V2);
  const messages = [];
  for (let i = 0; i < v1Count; i++) {
    messages.push({ value: await v1.serialize(topic, { name: `user-${i}`, age: i }) });
  }
  for (let i = v1Count; i < v1Count + v2Count; i++) {
    messages.push({ value: await v2.serialize(topic, { name: `user-${i}`, age: i, email: `user-${i}@example.com` }) });
  }
  const producer = kafka(bootstrap).producer();
  await producer.connect();
  await producer.send({ topic, messages }); // one produce: v1 and v2 side by side in a batch
  await producer.disconnect();
  return { v1Id, v2Id, sent: messages.length };
}

/**
 * Reads COUNT committed records from partition 0 of TOPIC from the beginning. On timeout it still
 * answers, with what it read and the partition's end offsets, so that the test can name the
 * missing offsets instead of just a count.
 */
async function consume(bootstrap, registryUrl, topic, count) {
  const deserializer = new AvroDeserializer(registry(registryUrl), SerdeType.VALUE, {});
  const consumer = kafka(bootstrap).consumer({ groupId: `strom-interop-${Date.now()}`, readUncommitted: false });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const values = [];
  const offsets = [];
  const schemaIds = new Set();
  const timedOut = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(true), 90_000);
    consumer.run({
      eachMessage: async ({ message }) => {
        if (values.length >= count) return;
        schemaIds.add(message.value.readInt32BE(1));
        values.push(await deserializer.deserialize(topic, message.value));
        offsets.push(Number(message.offset));
        if (values.length === count) {
          clearTimeout(timer);
          resolve(false);
        }
      },
    }).catch(reject);
  });
  await consumer.disconnect();
  const answer = { count: values.length, offsets, schemaIds: [...schemaIds], values };
  if (timedOut) {
    const admin = kafka(bootstrap).admin();
    await admin.connect();
    answer.timedOut = true;
    answer.endOffsets = await admin.fetchTopicOffsets(topic);
    await admin.disconnect();
  }
  return answer;
}

/** The registry's answers through the client's API, each as the client reports it. */
async function registryAnswers(url, subject) {
  const client = registry(url);
  const schema = (s) => ({ schemaType: 'AVRO', schema: JSON.stringify(s) });
  const answers = {};
  answers.v1Id = await client.register(subject, schema(USER_V1));
  answers.v1IdAgain = await client.register(subject, schema(USER_V1));
  answers.v2Id = await client.register(subject, schema(USER_V2));
  answers.idOfV1 = await client.getId(subject, schema(USER_V1));
  answers.versions = await client.getAllVersions(subject);
  const latest = await client.getLatestSchemaMetadata(subject);
  answers.latest = { id: latest.id, version: latest.version, fields: JSON.parse(latest.schema).fields.map((f) => f.name) };
  answers.byId = JSON.parse((await client.getBySubjectAndId(subject, answers.v1Id)).schema).fields.map((f) => f.name);
  answers.subjects = await client.getAllSubjects();
  const incompatible = { ...USER_V1, fields: [...USER_V1.fields, { name: 'required', type: 'string' }] };
  answers.compatible = await client.testCompatibility(subject, answers.versions.at(-1), schema(incompatible));
  try {
    await client.register(subject, schema(incompatible));
    answers.incompatible = { registered: true };
  } catch (e) {
    answers.incompatible = { status: e.status, errorCode: e.errorCode, message: e.message };
  }
  answers.configSet = (await client.updateConfig(subject, { compatibility: 'NONE' })).compatibility;
  answers.config = (await client.getConfig(subject)).compatibilityLevel;
  answers.softDeleted = await client.deleteSubject(subject, false);
  answers.subjectsAfterSoftDelete = await client.getAllSubjects();
  answers.hardDeleted = await client.deleteSubject(subject, true);
  try {
    await client.getAllVersions(subject);
    answers.afterHardDelete = { found: true };
  } catch (e) {
    answers.afterHardDelete = { status: e.status, errorCode: e.errorCode };
  }
  return answers;
}

const [command, ...args] = process.argv.slice(2);
const commands = {
  produce: () => produce(args[0], args[1], args[2], Number(args[3]), Number(args[4])),
  consume: () => consume(args[0], args[1], args[2], Number(args[3])),
  registry: () => registryAnswers(args[0], args[1]),
};
if (!commands[command]) {
  console.error('usage: node interop.mjs produce|consume|registry ...');
  process.exit(2);
}
try {
  console.log(JSON.stringify(await commands[command]()));
  process.exit(0);
} catch (e) {
  console.error(e.stack ?? String(e));
  process.exit(1);
}
