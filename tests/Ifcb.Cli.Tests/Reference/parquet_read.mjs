// Reads a Parquet file with hyparquet (an independent pure-JavaScript reader, installed by the test) and prints
// {"columns": [...], "rows": [[...], ...]} as JSON.   usage: node parquet_read.mjs MODULES_DIR FILE
import { pathToFileURL } from 'url'
import path from 'path'

const [modules, file] = process.argv.slice(2)
const { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, parquetSchema } =
  await import(pathToFileURL(path.join(modules, 'hyparquet', 'src', 'node.js')).href)
const buffer = await asyncBufferFromFile(file)
const metadata = await parquetMetadataAsync(buffer)
const columns = parquetSchema(metadata).children.map(c => ({ name: c.element.name, type: c.element.type }))
const rows = await parquetReadObjects({ file: buffer })
console.log(JSON.stringify({ columns, rows: rows.map(r => columns.map(c => r[c.name])) }))
