package dev.rewardsmith.api;

import dev.rewardsmith.search.Labelled;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.IndexView;

/**
 * Describes every vocabulary enum in the OpenAPI document by its labels ("awaiting-votes"), as app/VocabularyJson
 * writes it, instead of its Java constants; the enums are found in the index, so a new one needs no change here
 * (see docs/architecture.md, Vocabulary).
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class VocabularySchemas implements OASFilter {

    /** The labels of each vocabulary enum, by the list of its constant names (how the scanner describes it). */
    private final Map<List<String>, List<String>> labelsByConstants = new HashMap<>();

    public VocabularySchemas(IndexView index) {
        for (ClassInfo type : index.getAllKnownImplementors(DotName.createSimple(Labelled.class))) {
            if (!type.isEnum()) continue;
            Class<?> enumType = load(type.name().toString());
            List<String> constants = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            for (Object word : enumType.getEnumConstants()) {
                constants.add(((Enum<?>) word).name());
                labels.add(((Labelled) word).label());
            }
            List<String> earlier = labelsByConstants.put(constants, labels);
            if (earlier != null && !earlier.equals(labels)) {
                throw new IllegalStateException("two vocabulary enums have the constants " + constants
                        + " but different labels; the OpenAPI document cannot tell them apart");
            }
        }
    }

    @Override
    public Schema filterSchema(Schema schema) {
        List<Object> values = schema.getEnumeration();
        if (values == null) return schema;
        List<String> constants = values.stream().map(String::valueOf).toList();
        List<String> labels = labelsByConstants.get(constants);
        if (labels != null) schema.setEnumeration(new ArrayList<>(labels));
        return schema;
    }

    private Class<?> load(String name) {
        try {
            return Class.forName(name, true, getClass().getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("vocabulary enum " + name + " is indexed but cannot be loaded", e);
        }
    }
}
