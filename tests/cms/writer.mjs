// Runs the web editor's real YAML writer (admin/yaml-writer.mjs) in node for
// tests/cms/test_yaml_writer.py: reads a JSON list of jobs on stdin, prints a JSON list of
// results. A job is {op: "roundtrip", path, kind: "yml" | "md"}: read the file, write it back
// unchanged; or {op: "change", path, kind, set: [[path, value], ...], sortedKeys}: read, set
// the values (a path is a list of keys and indexes; value null removes), write.
import { readFileSync } from "node:fs";
import * as YAML from "yaml";
import { makeWriter, SOURCE } from "../../admin/yaml-writer.mjs";

const writer = makeWriter(YAML);
const jobs = JSON.parse(readFileSync(0, "utf8"));
const results = jobs.map((job) => {
  try {
    const text = job.text ?? readFileSync(job.path, "utf8");
    const read = job.kind === "md" ? writer.readPage : writer.readYaml;
    const write = job.kind === "md" ? writer.writePage : writer.writeYaml;
    const data = job.text === undefined || job.path ? read(text) : read(text);
    const copy = structuredClone(data);
    for (const [path, value] of job.set || []) {
      let node = copy;
      for (const key of path.slice(0, -1)) node = node[key];
      const last = path[path.length - 1];
      if (value === null && !Array.isArray(node)) delete node[last];
      else if (value === null) node.splice(last, 1);
      else node[last] = value;
    }
    if (job.new) delete copy[SOURCE];
    return { text: write(job.new ? { ...job.new } : copy, job.sortedKeys || []) };
  } catch (error) {
    return { error: String(error && error.stack || error) };
  }
});
process.stdout.write(JSON.stringify(results));
