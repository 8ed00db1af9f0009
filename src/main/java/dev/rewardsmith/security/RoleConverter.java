package dev.rewardsmith.security;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a {@link Role} as its lowercase label, matching the database check constraint. */
@Converter
public class RoleConverter implements AttributeConverter<Role, String> {

    @Override
    public String convertToDatabaseColumn(Role role) {
        return role == null ? null : role.label();
    }

    @Override
    public Role convertToEntityAttribute(String label) {
        return label == null
                ? null
                : Role.parse(label).orElseThrow(() -> new IllegalStateException("unknown role in database: " + label));
    }
}
