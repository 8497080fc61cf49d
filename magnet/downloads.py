"""File downloads go through views that have already checked access; this builds the response.
Stored files are never served by a guessable URL."""

import mimetypes

from django.http import FileResponse


def file_response(field_file, *, filename: str, inline: bool = False) -> FileResponse:
    content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    response = FileResponse(field_file.open("rb"), as_attachment=not inline, filename=filename, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
