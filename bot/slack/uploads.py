"""Posting a chart or a CSV to a channel after the slash command was acknowledged.

slack-sdk's `files_upload_v2` does Slack's three steps (upload URL, upload, complete). A failure
(the bot is not in a private channel, say) is told to the user privately through the command's
`response_url`, never silently dropped.
"""

from __future__ import annotations

import logging

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.app.file_workers import FileJob, FileWorkers, JobDied
from bot.slack.client import Respond, error_code, say

log = logging.getLogger(__name__)

JOB_DIED = "The process making your file stopped before it was done. Please ask again."


async def post_file(
    client: AsyncWebClient,
    channel: str,
    job: FileJob,
    respond: Respond,
    workers: FileWorkers,
) -> None:
    """Make the file in the file process (it was admitted there) and post it."""
    try:
        artifact = await workers.make(job)
        await client.files_upload_v2(
            channel=channel,
            file=artifact.data,
            filename=artifact.filename,
            title=artifact.title,
            initial_comment=artifact.caption,
        )
        log.info("posted %s to %s", artifact.filename, channel)
    except SlackApiError as error:
        code = error_code(error)
        log.warning("could not post a file to %s: %s", channel, code)
        hint = (
            " Invite me to the channel (/invite) and try again." if code == "not_in_channel" else ""
        )
        await _tell(respond, f"I could not post the file here ({code}).{hint}")
    except (aiohttp.ClientError, TimeoutError) as error:
        log.warning("could not post a file to %s: %s", channel, error)
        await _tell(respond, "I could not reach Slack to post the file. Please try again.")
    except JobDied:
        log.warning("the file process stopped while making a file for %s", channel)
        await _tell(respond, JOB_DIED)
    except Exception:
        log.exception("making a file for %s failed", channel)
        await _tell(respond, "Sorry, something went wrong on our side. It has been logged.")


async def _tell(respond: Respond, text: str) -> None:
    await say(respond, text=text, response_type="ephemeral", replace_original=False)
