"""Course authoring by teachers (and admins): courses, syllabus, files, quizzes.

Every function takes `actor_id` and checks it against the row it touches: the course's
teacher or an admin may edit it, anyone else gets Forbidden (a course that does not exist
is NotFound); only teachers and admins may create courses (Forbidden otherwise). Bad
input raises Invalid naming the field. Each function runs in its caller's transaction
(`db.run_sync` / `db.run`), so a multi-row change commits or rolls back as one.

Split by area: `courses` (create, edit, publish), `deletion` (a whole draft), `syllabus`
(modules, lessons, order), `files` (banner, lesson videos, attachments), `quizzes`
(settings, questions), `views` (what the authoring pages show).
"""

from edu_platform.services.attendance import editable_course
from edu_platform.services.authoring.common import (
    editable_lesson,
    editable_module,
    editable_question,
    editable_quiz,
    require_author,
)
from edu_platform.services.authoring.courses import (
    EDITABLE_FIELDS,
    create_course,
    publish_course,
    slug_from_title,
    unpublish_course,
    update_course,
)
from edu_platform.services.authoring.deletion import delete_course
from edu_platform.services.authoring.files import (
    ATTACHMENT_TYPES,
    VIDEO_TYPES,
    add_attachment,
    author_attachment_file,
    author_video_file,
    delete_attachment,
    remove_banner,
    remove_video,
    set_banner,
    upload_video,
)
from edu_platform.services.authoring.outline import (
    LessonRecord,
    ModuleRecord,
    change_lesson,
    change_module,
    create_lesson,
    create_module,
)
from edu_platform.services.authoring.quiz_outline import (
    QuestionRecord,
    QuizRecord,
    add_lesson_question,
    change_lesson_quiz,
    read_lesson_quiz,
    replace_question,
)
from edu_platform.services.authoring.quizzes import (
    QUIZ_FIELDS,
    add_question,
    delete_question,
    move_question,
    quiz_settings_errors,
    update_question,
    update_quiz,
)
from edu_platform.services.authoring.syllabus import (
    LESSON_FIELDS,
    add_lesson,
    add_module,
    change_lesson_kind,
    delete_lesson,
    delete_module,
    move_lesson,
    move_lesson_to_module,
    move_module,
    place_lesson,
    place_module,
    rename_module,
    update_lesson,
)
from edu_platform.services.authoring.views import (
    CategoryChoice,
    CourseSettings,
    LessonDraft,
    ModuleRow,
    TeachCourseList,
    TeachCourseRow,
    category_choices,
    course_settings,
    lesson_draft,
    syllabus,
    teach_courses,
)

__all__ = [
    "ATTACHMENT_TYPES",
    "EDITABLE_FIELDS",
    "LESSON_FIELDS",
    "QUIZ_FIELDS",
    "VIDEO_TYPES",
    "CategoryChoice",
    "CourseSettings",
    "LessonDraft",
    "LessonRecord",
    "ModuleRecord",
    "ModuleRow",
    "QuestionRecord",
    "QuizRecord",
    "TeachCourseList",
    "TeachCourseRow",
    "add_attachment",
    "add_lesson",
    "add_lesson_question",
    "add_module",
    "add_question",
    "author_attachment_file",
    "author_video_file",
    "category_choices",
    "change_lesson",
    "change_lesson_kind",
    "change_lesson_quiz",
    "change_module",
    "course_settings",
    "create_course",
    "create_lesson",
    "create_module",
    "delete_attachment",
    "delete_course",
    "delete_lesson",
    "delete_module",
    "delete_question",
    "editable_course",
    "editable_lesson",
    "editable_module",
    "editable_question",
    "editable_quiz",
    "lesson_draft",
    "move_lesson",
    "move_lesson_to_module",
    "move_module",
    "move_question",
    "place_lesson",
    "place_module",
    "publish_course",
    "quiz_settings_errors",
    "read_lesson_quiz",
    "remove_banner",
    "remove_video",
    "rename_module",
    "replace_question",
    "require_author",
    "set_banner",
    "slug_from_title",
    "syllabus",
    "teach_courses",
    "unpublish_course",
    "update_course",
    "update_lesson",
    "update_question",
    "update_quiz",
    "upload_video",
]
