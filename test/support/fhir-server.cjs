// A FHIR R4 server for the FHIR capture test: Asymmetrik's node-fhir-server-core (routing,
// content negotiation, CapabilityStatement, OperationOutcome errors) over an in-memory store.
// Usage: node fhir-server.cjs <address> <port>
const { initialize, resolveSchema } = require('@asymmetrik/node-fhir-server-core');

const [address, port] = process.argv.slice(2);
const store = new Map();
let nextId = 1;

function service(type) {
  const Resource = resolveSchema('4_0_0', type);
  const Bundle = resolveSchema('4_0_0', 'Bundle');
  const all = () => [...store.values()].filter((resource) => resource.resourceType === type);
  return {
    // Version 2 of the framework returns what the service returns: a searchset Bundle.
    search: async (args) => {
      const found = all()
        .filter(
          (resource) =>
            args.family === undefined || JSON.stringify(resource.name ?? []).includes(args.family),
        )
        .filter((resource) => args.subject === undefined || resource.subject?.reference === args.subject);
      return new Bundle({
        type: 'searchset',
        total: found.length,
        entry: found.map((resource) => ({
          fullUrl: `${type}/${resource.id}`,
          resource: new Resource(resource),
        })),
      });
    },
    searchById: async (args) => {
      const resource = store.get(`${type}/${args.id}`);
      return resource === undefined ? undefined : new Resource(resource);
    },
    create: async (_args, { req }) => {
      const id = String(nextId++);
      store.set(`${type}/${id}`, { ...req.body, id });
      return { id };
    },
  };
}

const config = {
  server: { port: Number(port) },
  logging: { level: 'error' },
  profiles: {
    Patient: { service: service('Patient'), versions: ['4_0_0'] },
    Observation: { service: service('Observation'), versions: ['4_0_0'] },
  },
};
initialize(config).listen(Number(port), address);
