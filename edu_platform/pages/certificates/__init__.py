"""Certificate pages, one module each: `my` (/my/certificates), `verify` (/verify/[serial]),
`admin` (/admin/certificates); `common` holds the status badge and download button."""

from edu_platform.pages.certificates.admin import (
    admin_certificates_content,
    admin_certificates_page,
)
from edu_platform.pages.certificates.common import download_button, status_badge
from edu_platform.pages.certificates.my import my_certificates_page
from edu_platform.pages.certificates.verify import verify_page

__all__ = [
    "admin_certificates_content",
    "admin_certificates_page",
    "download_button",
    "my_certificates_page",
    "status_badge",
    "verify_page",
]
