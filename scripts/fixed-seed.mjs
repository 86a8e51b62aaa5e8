// Preload for recording generated code (scripts/record-codegen.sh): fixes fast-check's global seed so that
// property tests draw the same programs in every run, and two recordings can be compared file by file.
import fc from 'fast-check';

fc.configureGlobal({ seed: Number(process.env.NUMBAT_RECORD_SEED ?? 20261201) });
