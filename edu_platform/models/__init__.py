"""Every SQLModel table of the project; importing this package completes `SQLModel.metadata`.

Import tables from here (`from edu_platform.models import Course, Enrollment`) or from
their area module. Importing this package also switches on the audit trail
(`edu_platform.audit`), so any code that uses the models gets auditing.
"""

from edu_platform.models.base import NAMING_CONVENTION, utcnow  # noqa: I001  (first: conventions)
from edu_platform.models.accounts import (
    ApiRefreshToken,
    AuthSession,
    EmailVerification,
    Locale,
    LoginAttempt,
    OAuthAccount,
    PasswordReset,
    Role,
    User,
    UserPublic,
)
from edu_platform.models.catalog import (
    Category,
    Course,
    CourseCreate,
    CourseLevel,
    Lesson,
    LessonAttachment,
    LessonKind,
    Module,
    Review,
)
from edu_platform.models.commerce import (
    CartItem,
    Coupon,
    CouponKind,
    Order,
    OrderItem,
    OrderStatus,
    Payment,
    PaymentStatus,
    Refund,
)
from edu_platform.models.learning import (
    AnswerOption,
    AttemptAnswer,
    Certificate,
    CertificateStatus,
    Enrollment,
    EnrollmentSource,
    EnrollmentStatus,
    LessonProgress,
    Question,
    QuestionKind,
    Quiz,
    QuizAttempt,
)
from edu_platform.models.teaching import Attendance, AttendanceMethod, CourseSession
from edu_platform.models.community import BlogPost, Feedback, Message, Notification
from edu_platform.models.analytics import LearningEvent, MetricValue
from edu_platform.models.operations import (
    AuditAction,
    AuditLog,
    BulkJob,
    BulkJobKind,
    ImportJob,
    ImportJobError,
    ImportKind,
    ImportStatus,
    Outbox,
    OutboxKind,
    OutboxStatus,
    WebhookEndpoint,
)

__all__ = [
    "NAMING_CONVENTION",
    "AnswerOption",
    "ApiRefreshToken",
    "AttemptAnswer",
    "Attendance",
    "AttendanceMethod",
    "AuditAction",
    "AuditLog",
    "AuthSession",
    "BlogPost",
    "BulkJob",
    "BulkJobKind",
    "CartItem",
    "Category",
    "Certificate",
    "CertificateStatus",
    "Coupon",
    "CouponKind",
    "Course",
    "CourseCreate",
    "CourseLevel",
    "CourseSession",
    "EmailVerification",
    "Enrollment",
    "EnrollmentSource",
    "EnrollmentStatus",
    "Feedback",
    "ImportJob",
    "ImportJobError",
    "ImportKind",
    "ImportStatus",
    "LearningEvent",
    "Lesson",
    "LessonAttachment",
    "LessonKind",
    "LessonProgress",
    "Locale",
    "LoginAttempt",
    "Message",
    "MetricValue",
    "Module",
    "Notification",
    "OAuthAccount",
    "Order",
    "OrderItem",
    "OrderStatus",
    "Outbox",
    "OutboxKind",
    "OutboxStatus",
    "PasswordReset",
    "Payment",
    "PaymentStatus",
    "Question",
    "QuestionKind",
    "Quiz",
    "QuizAttempt",
    "Refund",
    "Review",
    "Role",
    "User",
    "UserPublic",
    "WebhookEndpoint",
    "utcnow",
]

# Last: the audit listener needs the AuditLog table defined above.
import edu_platform.audit  # noqa: F401
import edu_platform.search_text  # noqa: F401  (keeps course.search_text current)
