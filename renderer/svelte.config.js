// Svelte's compiler reads this; TypeScript in <script lang="ts"> is stripped by Svelte itself.
export default {};
