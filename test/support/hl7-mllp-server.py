"""An HL7 v2 receiver for the tests: python3-hl7's MLLP server, answering each message with its ACK.

Usage: hl7-mllp-server.py <address> <port>
"""
import asyncio, sys
import hl7
from hl7.mllp import start_hl7_server

async def process(reader, writer):
    try:
        while not writer.is_closing():
            message = await reader.readmessage()
            writer.writemessage(message.create_ack())
            await writer.drain()
    except asyncio.IncompleteReadError:
        pass
    finally:
        writer.close()

async def main():
    async with await start_hl7_server(process, host=sys.argv[1], port=int(sys.argv[2])) as server:
        print('listening', flush=True)
        await server.serve_forever()

asyncio.run(main())
