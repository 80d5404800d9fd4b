import { MemoryThreadStore } from "../src/store/memory-store.ts";
import { describeThreadStore } from "./store-conformance.ts";

describeThreadStore("MemoryThreadStore", () => new MemoryThreadStore());
