//! Roles, scopes and the access rules every server read and write goes through.
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What a person does at school; decides what they may see and write (DESIGN.md §1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    DistrictAdmin,
    SchoolAdmin,
    Staff,
    Teacher,
    Parent,
}

impl Role {
    /// The name stored in the database and sent over the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::DistrictAdmin => "district_admin",
            Role::SchoolAdmin => "school_admin",
            Role::Staff => "staff",
            Role::Teacher => "teacher",
            Role::Parent => "parent",
        }
    }

    /// Inverse of [`Role::as_str`].
    pub fn parse(s: &str) -> Option<Role> {
        [
            Role::DistrictAdmin,
            Role::SchoolAdmin,
            Role::Staff,
            Role::Teacher,
            Role::Parent,
        ]
        .into_iter()
        .find(|r| r.as_str() == s)
    }
}

/// The part of the organisation a grant covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Scope {
    District,
    School(Uuid),
    Grade(Uuid),
    Class(Uuid),
}

impl Scope {
    /// The `scope_kind` column value.
    pub fn kind(self) -> &'static str {
        match self {
            Scope::District => "district",
            Scope::School(_) => "school",
            Scope::Grade(_) => "grade",
            Scope::Class(_) => "class",
        }
    }

    /// The `scope_id` column value.
    pub fn id(self) -> Option<Uuid> {
        match self {
            Scope::District => None,
            Scope::School(id) | Scope::Grade(id) | Scope::Class(id) => Some(id),
        }
    }

    /// Rebuilds a scope from its two columns; `None` when they do not fit together.
    pub fn from_parts(kind: &str, id: Option<Uuid>) -> Option<Scope> {
        match (kind, id) {
            ("district", None) => Some(Scope::District),
            ("school", Some(id)) => Some(Scope::School(id)),
            ("grade", Some(id)) => Some(Scope::Grade(id)),
            ("class", Some(id)) => Some(Scope::Class(id)),
            _ => None,
        }
    }

    pub fn contains(self, place: &ClassPlace) -> bool {
        match self {
            Scope::District => true,
            Scope::School(id) => id == place.school_id,
            Scope::Grade(id) => id == place.grade_id,
            Scope::Class(id) => id == place.class_id,
        }
    }
}

/// One role held over one scope, e.g. homeroom teacher of 初一(1)班.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grant {
    pub role: Role,
    pub scope: Scope,
    /// Staff only: may read sensitive student data (flags, guardians, contacts).
    pub sensitive: bool,
    /// Free text shown to people, e.g. 德育处, 值周教师, 副班主任.
    pub title: String,
}

/// Where a class sits, which is all the access rules need to know about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassPlace {
    pub class_id: Uuid,
    pub grade_id: Uuid,
    pub school_id: Uuid,
}

/// The signed-in user as the server resolved them for this request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Principal {
    pub user_id: Uuid,
    pub username: String,
    pub display_name: String,
    pub school_id: Option<Uuid>,
    pub grants: Vec<Grant>,
}

impl Principal {
    /// The role that decides the home screen and navigation: the most powerful one held.
    pub fn primary_role(&self) -> Option<Role> {
        self.grants.iter().map(|g| g.role).min()
    }

    /// True when the user holds `role` anywhere.
    pub fn has_role(&self, role: Role) -> bool {
        self.grants.iter().any(|g| g.role == role)
    }

    /// School admins run the structure, users and imports of their school.
    pub fn can_administer(&self, school_id: Uuid) -> bool {
        self.grants
            .iter()
            .any(|g| g.role == Role::SchoolAdmin && g.scope == Scope::School(school_id))
    }

    /// Staff and admins over the whole school, not one grade or class of it.
    pub fn oversees_school(&self, school_id: Uuid) -> bool {
        self.grants.iter().any(|g| {
            matches!(g.role, Role::Staff | Role::SchoolAdmin) && g.scope == Scope::School(school_id)
        })
    }

    /// The check scheme and scoring rules: staff and admins over the whole school.
    pub fn can_edit_scheme(&self, school_id: Uuid) -> bool {
        self.oversees_school(school_id)
    }

    /// Class-level facts (name, size, scores): everyone whose scope holds the class.
    pub fn can_see_class(&self, place: &ClassPlace) -> bool {
        self.grants.iter().any(|g| g.scope.contains(place))
    }

    /// The list of students: never parents, never the district.
    pub fn can_read_roster(&self, place: &ClassPlace) -> bool {
        self.grants.iter().any(|g| {
            matches!(g.role, Role::SchoolAdmin | Role::Staff | Role::Teacher)
                && g.scope.contains(place)
        })
    }

    /// Changing a student's record: the school's admins and the class's own teachers.
    pub fn can_edit_students(&self, place: &ClassPlace) -> bool {
        self.can_administer(place.school_id)
            || self
                .grants
                .iter()
                .any(|g| g.role == Role::Teacher && g.scope == Scope::Class(place.class_id))
    }

    /// Staff and admins whose scope holds the class: they check it and answer its parents.
    pub fn oversees(&self, place: &ClassPlace) -> bool {
        self.grants
            .iter()
            .any(|g| matches!(g.role, Role::Staff | Role::SchoolAdmin) && g.scope.contains(place))
    }

    /// A parent-committee member over the class: the only writes a parent may make are theirs.
    pub fn is_committee_member(&self, place: &ClassPlace) -> bool {
        self.grants
            .iter()
            .any(|g| g.role == Role::Parent && g.scope.contains(place))
    }

    /// As what this user records routine checks for a class, if at all (never parents).
    pub fn recorder_roles(&self, place: &ClassPlace) -> crate::domain::checks::RecorderRoles {
        crate::domain::checks::RecorderRoles {
            staff: self.oversees(place),
            homeroom: self
                .grants
                .iter()
                .any(|g| g.role == Role::Teacher && g.scope == Scope::Class(place.class_id)),
        }
    }

    /// Flags and guardians: the class's teachers, admins, and staff granted `sensitive`.
    pub fn can_read_sensitive(&self, place: &ClassPlace) -> bool {
        self.grants.iter().any(|g| {
            g.scope.contains(place)
                && match g.role {
                    Role::SchoolAdmin | Role::Teacher => true,
                    Role::Staff => g.sensitive,
                    Role::Parent | Role::DistrictAdmin => false,
                }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place() -> ClassPlace {
        ClassPlace {
            class_id: Uuid::from_u128(3),
            grade_id: Uuid::from_u128(2),
            school_id: Uuid::from_u128(1),
        }
    }

    fn user(role: Role, scope: Scope, sensitive: bool) -> Principal {
        Principal {
            user_id: Uuid::from_u128(9),
            username: "u".into(),
            display_name: "U".into(),
            school_id: Some(Uuid::from_u128(1)),
            grants: vec![Grant {
                role,
                scope,
                sensitive,
                title: String::new(),
            }],
        }
    }

    #[test]
    fn a_teacher_reads_their_own_class_and_no_other() {
        let t = user(Role::Teacher, Scope::Class(Uuid::from_u128(3)), false);
        assert!(t.can_read_roster(&place()));
        assert!(t.can_read_sensitive(&place()));
        let other = ClassPlace {
            class_id: Uuid::from_u128(4),
            ..place()
        };
        assert!(!t.can_read_roster(&other));
        assert!(!t.can_see_class(&other));
    }

    #[test]
    fn only_admins_and_the_class_teachers_edit_students() {
        let place = place();
        assert!(
            user(Role::Teacher, Scope::Class(Uuid::from_u128(3)), false).can_edit_students(&place)
        );
        assert!(
            user(Role::SchoolAdmin, Scope::School(Uuid::from_u128(1)), true)
                .can_edit_students(&place)
        );
        assert!(
            !user(Role::Staff, Scope::School(Uuid::from_u128(1)), true).can_edit_students(&place)
        );
        assert!(
            !user(Role::Teacher, Scope::Class(Uuid::from_u128(4)), false).can_edit_students(&place)
        );
    }

    #[test]
    fn recorder_roles_follow_the_grants() {
        let place = place();
        let teacher =
            user(Role::Teacher, Scope::Class(Uuid::from_u128(3)), false).recorder_roles(&place);
        assert!(teacher.homeroom && !teacher.staff);
        let duty =
            user(Role::Staff, Scope::School(Uuid::from_u128(1)), false).recorder_roles(&place);
        assert!(duty.staff && !duty.homeroom);
        let parent =
            user(Role::Parent, Scope::Class(Uuid::from_u128(3)), false).recorder_roles(&place);
        assert!(!parent.staff && !parent.homeroom);
    }

    #[test]
    fn a_parent_member_sees_the_class_but_never_its_students() {
        let p = user(Role::Parent, Scope::Class(Uuid::from_u128(3)), true);
        assert!(p.can_see_class(&place()));
        assert!(!p.can_read_roster(&place()));
        assert!(!p.can_read_sensitive(&place()));
    }

    #[test]
    fn a_grade_leader_reads_rosters_of_their_grade_only() {
        let g = user(Role::Staff, Scope::Grade(Uuid::from_u128(2)), false);
        assert!(g.can_read_roster(&place()));
        assert!(!g.can_read_sensitive(&place()));
        let other_grade = ClassPlace {
            grade_id: Uuid::from_u128(5),
            ..place()
        };
        assert!(!g.can_read_roster(&other_grade));
    }

    #[test]
    fn only_school_wide_staff_and_admins_edit_the_scheme() {
        let school = Uuid::from_u128(1);
        assert!(user(Role::Staff, Scope::School(school), false).can_edit_scheme(school));
        assert!(user(Role::SchoolAdmin, Scope::School(school), false).can_edit_scheme(school));
        assert!(
            !user(Role::Staff, Scope::Grade(Uuid::from_u128(2)), false).can_edit_scheme(school)
        );
        assert!(
            !user(Role::Teacher, Scope::Class(Uuid::from_u128(3)), false).can_edit_scheme(school)
        );
    }

    #[test]
    fn staff_need_the_sensitive_grant_for_flags_and_guardians() {
        let s = user(Role::Staff, Scope::School(Uuid::from_u128(1)), true);
        assert!(s.can_read_sensitive(&place()));
        assert!(!s.can_administer(Uuid::from_u128(1)));
    }

    #[test]
    fn the_primary_role_is_the_most_powerful_one_held() {
        let mut u = user(Role::Teacher, Scope::Class(Uuid::from_u128(3)), false);
        u.grants.push(Grant {
            role: Role::Staff,
            scope: Scope::Grade(Uuid::from_u128(2)),
            sensitive: false,
            title: "年级主任".into(),
        });
        assert_eq!(u.primary_role(), Some(Role::Staff));
    }

    #[test]
    fn scopes_round_trip_through_their_columns() {
        for s in [
            Scope::District,
            Scope::School(Uuid::from_u128(1)),
            Scope::Grade(Uuid::from_u128(2)),
            Scope::Class(Uuid::from_u128(3)),
        ] {
            assert_eq!(Scope::from_parts(s.kind(), s.id()), Some(s));
        }
        assert_eq!(Scope::from_parts("class", None), None);
    }
}
